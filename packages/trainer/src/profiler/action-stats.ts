import type { TraceEvent } from '@flint/core';

/** Totals of one profiled action (`[Callback]ModelCheckpoint.onTrainBatchEnd`, `run_training_batch`). */
export interface ActionStat {
  readonly action: string;
  readonly count: number;
  readonly totalMs: number;
  readonly meanMs: number;
  readonly maxMs: number;
}

interface MutableActionStat {
  count: number;
  totalMs: number;
  maxMs: number;
}

/**
 * Durations of named actions, as Lightning's SimpleProfiler keeps them, plus one Chrome trace
 * event per call (capped). Times are `performance.now()` milliseconds, the clock core's op
 * profile uses too, so both land on one trace timeline.
 */
export class ActionStats {
  private readonly stats = new Map<string, MutableActionStat>();
  private readonly open = new Map<string, number>();
  readonly trace: TraceEvent[] = [];
  dropped = 0;

  constructor(private readonly maxTraceEvents = 100_000) {}

  start(action: string): void {
    this.open.set(action, performance.now());
  }

  /** Ends `action` (ignored when it was not started, e.g. a batch end whose start came before the profile). */
  stop(action: string): void {
    const t0 = this.open.get(action);
    if (t0 === undefined) return;
    this.open.delete(action);
    this.add(action, t0, performance.now() - t0);
  }

  add(action: string, startMs: number, durationMs: number): void {
    let s = this.stats.get(action);
    if (!s) this.stats.set(action, (s = { count: 0, totalMs: 0, maxMs: 0 }));
    s.count++;
    s.totalMs += durationMs;
    if (durationMs > s.maxMs) s.maxMs = durationMs;
    if (this.trace.length < this.maxTraceEvents) this.trace.push({ name: action, cat: 'trainer', ph: 'X', ts: startMs * 1000, dur: durationMs * 1000, pid: 1, tid: 0 });
    else this.dropped++;
  }

  /** Every action, the most total time first. */
  list(): ActionStat[] {
    return [...this.stats.entries()].map(([action, s]) => ({ action, count: s.count, totalMs: s.totalMs, meanMs: s.totalMs / s.count, maxMs: s.maxMs })).sort((a, b) => b.totalMs - a.totalMs);
  }
}
