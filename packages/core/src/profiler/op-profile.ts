import type { DeviceSpan, DeviceTimer, PendingDeviceTime } from './device-timer.js';
import { deviceTraceEvents, type DeviceRun } from './device-trace.js';
import { activeRecorder, type OpRecorder } from './op-recorder.js';
import type { BackendStat, OpStat, ProfileReport, TraceEvent } from './profile-report.js';

interface MutableStat {
  backend: string;
  op: string;
  count: number;
  hostMs: number;
  bytes: number;
  /** Runs whose device time arrived, and its sum. */
  deviceRuns: number;
  deviceMs: number;
}

/**
 * Collects kernel runs between `start()` and `stop()`. Profiles nest: an inner one also reports
 * every run to the one it interrupted, so an outer profile misses nothing. Runs on a backend with
 * a device clock get their device time later; `finish()` waits for it.
 */
export class OpProfile implements OpRecorder {
  private readonly stats = new Map<string, MutableStat>();
  private readonly trace: TraceEvent[] = [];
  private readonly deviceRuns: DeviceRun[] = [];
  private readonly timers = new Set<DeviceTimer>();
  private dropped = 0;
  private outstanding = 0;
  private onSettled: (() => void) | null = null;
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

  /** Stops recording and reports what is known now: device times still in flight are missing. */
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

  /** Stops recording, submits the devices' recorded work and reports once every device time arrived. */
  async finish(): Promise<ProfileReport> {
    this.stop();
    for (const t of this.timers) t.flush();
    if (this.outstanding > 0) await new Promise<void>((resolve) => (this.onSettled = resolve));
    return this.report();
  }

  record(backend: string, op: string, startMs: number, durationMs: number, bytes: number, device: PendingDeviceTime | null = null): void {
    const key = `${backend}\u0000${op}`;
    let s = this.stats.get(key);
    if (!s) this.stats.set(key, (s = { backend, op, count: 0, hostMs: 0, bytes: 0, deviceRuns: 0, deviceMs: 0 }));
    s.count++;
    s.hostMs += durationMs;
    s.bytes += bytes;
    if (this.trace.length < this.maxTraceEvents) {
      this.trace.push({ name: op, cat: backend, ph: 'X', ts: startMs * 1000, dur: durationMs * 1000, pid: 1, tid: 1, args: { bytes } });
    } else {
      this.dropped++;
    }
    if (device) this.awaitDevice(s, device, startMs, bytes);
    this.parent?.record(backend, op, startMs, durationMs, bytes, device);
  }

  private awaitDevice(s: MutableStat, device: PendingDeviceTime, hostStartMs: number, bytes: number): void {
    this.timers.add(device.timer);
    this.outstanding++;
    const done = (span: DeviceSpan | null): void => {
      if (span) {
        s.deviceRuns++;
        s.deviceMs += span.durationMs;
        if (span.startMs !== null && span.durationMs > 0) this.addDeviceRun({ timer: device.timer, op: s.op, backend: s.backend, hostStartMs, deviceStartMs: span.startMs, durationMs: span.durationMs, bytes });
      }
      if (--this.outstanding === 0) this.onSettled?.();
    };
    // A span the device could not deliver (device lost) leaves that run timed by wall only.
    device.span.then(done, () => done(null));
  }

  private addDeviceRun(run: DeviceRun): void {
    if (this.deviceRuns.length < this.maxTraceEvents) this.deviceRuns.push(run);
    else this.dropped++;
  }

  /** What was recorded so far. */
  report(): ProfileReport {
    const ops: OpStat[] = [...this.stats.values()].map(opStat).sort((a, b) => b.totalMs - a.totalMs);
    const backends: Record<string, BackendStat> = {};
    for (const o of ops) {
      const b = backends[o.backend];
      backends[o.backend] = b
        ? { count: b.count + o.count, totalMs: b.totalMs + o.totalMs, hostMs: b.hostMs + o.hostMs, bytes: b.bytes + o.bytes, timing: b.timing === 'gpu' && o.timing === 'gpu' ? 'gpu' : 'wall' }
        : { count: o.count, totalMs: o.totalMs, hostMs: o.hostMs, bytes: o.bytes, timing: o.timing };
    }
    const wallMs = this.active ? this.wallMs + performance.now() - this.startedAt : this.wallMs;
    const traceEvents = [...this.trace, ...deviceTraceEvents(this.deviceRuns)];
    return { ops, backends, wallMs, traceEvents, droppedTraceEvents: this.dropped };
  }
}

/** A stat is device-timed only when every run's device time arrived; otherwise wall time. */
function opStat(s: MutableStat): OpStat {
  const gpu = s.deviceRuns === s.count;
  const totalMs = gpu ? s.deviceMs : s.hostMs;
  return { backend: s.backend, op: s.op, count: s.count, totalMs, meanMs: totalMs / s.count, timing: gpu ? 'gpu' : 'wall', hostMs: s.hostMs, bytes: s.bytes };
}
