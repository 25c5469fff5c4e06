import { activeRecorder, type OpRecorder } from './op-recorder.js';
import type { BackendStat, OpStat, ProfileReport, TraceEvent } from './profile-report.js';

interface MutableStat {
  backend: string;
  op: string;
  count: number;
  totalMs: number;
  bytes: number;
}

/**
 * Collects kernel runs between `start()` and `stop()`. Profiles nest: an inner one also reports
 * every run to the one it interrupted, so an outer profile misses nothing.
 */
export class OpProfile implements OpRecorder {
  private readonly stats = new Map<string, MutableStat>();
  private readonly trace: TraceEvent[] = [];
  private dropped = 0;
  private parent: OpRecorder | null = null;
  private active = false;
  private startedAt = 0;
  private wallMs = 0;

  constructor(private readonly maxTraceEvents = 100_000) {}

  start(): this {
    if (this.active) throw new Error('OpProfile.start: this profile is already recording');
    this.parent = activeRecorder.current;
    activeRecorder.current = this;
    this.active = true;
    this.startedAt = performance.now();
    return this;
  }

  stop(): ProfileReport {
    if (this.active) {
      this.wallMs += performance.now() - this.startedAt;
      // Profiles stopped out of order (async code) must not reactivate a finished one.
      if (activeRecorder.current === this) activeRecorder.current = this.parent;
      this.parent = null;
      this.active = false;
    }
    return this.report();
  }

  record(backend: string, op: string, startMs: number, durationMs: number, bytes: number): void {
    const key = `${backend}\u0000${op}`;
    let s = this.stats.get(key);
    if (!s) this.stats.set(key, (s = { backend, op, count: 0, totalMs: 0, bytes: 0 }));
    s.count++;
    s.totalMs += durationMs;
    s.bytes += bytes;
    if (this.trace.length < this.maxTraceEvents) {
      this.trace.push({ name: op, cat: backend, ph: 'X', ts: startMs * 1000, dur: durationMs * 1000, pid: 1, tid: 1, args: { bytes } });
    } else {
      this.dropped++;
    }
    this.parent?.record(backend, op, startMs, durationMs, bytes);
  }

  /** What was recorded so far. */
  report(): ProfileReport {
    const ops: OpStat[] = [...this.stats.values()].map((s) => ({ ...s, meanMs: s.totalMs / s.count })).sort((a, b) => b.totalMs - a.totalMs);
    const backends: Record<string, BackendStat> = {};
    for (const o of ops) {
      const b = backends[o.backend] ?? { count: 0, totalMs: 0, bytes: 0, timing: 'wall' };
      backends[o.backend] = { count: b.count + o.count, totalMs: b.totalMs + o.totalMs, bytes: b.bytes + o.bytes, timing: 'wall' };
    }
    const wallMs = this.active ? this.wallMs + performance.now() - this.startedAt : this.wallMs;
    return { ops, backends, wallMs, traceEvents: this.trace.slice(), droppedTraceEvents: this.dropped };
  }
}
