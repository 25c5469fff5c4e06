import { OpProfile, type ProfileReport, type TraceEvent } from '@flint/core';
import { ActionStats, type ActionStat } from './action-stats.js';

/** What a profiler measured over one run (fit/validate/test/predict). */
export interface ProfilerSummary {
  readonly stage: string;
  /** Wall time from the run's start to its end, in milliseconds. */
  readonly totalMs: number;
  readonly actions: readonly ActionStat[];
  /** Per-kernel statistics (the 'advanced' profiler only). */
  readonly ops?: ProfileReport;
  readonly traceEvents: readonly TraceEvent[];
}

/**
 * Times the trainer's hooks and loop phases (Lightning's SimpleProfiler). The trainer calls
 * `begin`/`end` around each run and `start`/`stop` around each hook; `'advanced'` also profiles
 * every kernel through core's `OpProfile`.
 */
export class Profiler {
  private actions = new ActionStats();
  private ops: OpProfile | null = null;
  private startedAt = 0;
  /** The summary of the last run that ended, and where its files went. */
  lastSummary: ProfilerSummary | null = null;
  lastFiles: { readonly json: string; readonly trace: string } | null = null;

  /**
   * `kind: 'advanced'` adds per-op counts, time and bytes from the kernel dispatch. `print`
   * receives the table at the end of each run (default `console.log`); files go to `dirpath`
   * (default: the run's log directory, else `defaultRootDir`).
   */
  constructor(
    readonly kind: 'simple' | 'advanced' = 'simple',
    readonly options: { readonly print?: (table: string) => void; readonly dirpath?: string } = {},
  ) {}

  begin(): void {
    this.actions = new ActionStats();
    this.startedAt = performance.now();
    this.ops = this.kind === 'advanced' ? new OpProfile().start() : null;
  }

  start(action: string): void {
    this.actions.start(action);
  }

  stop(action: string): void {
    this.actions.stop(action);
  }

  /** Times an awaited call as `action`. */
  async time<T>(action: string, fn: () => T | Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.actions.add(action, t0, performance.now() - t0);
    }
  }

  /** Times a synchronous call as `action` (hooks inside the optimizer step). */
  timeSync<T>(action: string, fn: () => T): T {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      this.actions.add(action, t0, performance.now() - t0);
    }
  }

  /** Ends the run; with 'advanced', waits for the kernels' device times (WebGPU timestamps). */
  async end(stage: string): Promise<ProfilerSummary> {
    const totalMs = performance.now() - this.startedAt;
    const ops = await this.ops?.finish();
    this.ops = null;
    const traceEvents = ops ? [...this.actions.trace, ...ops.traceEvents] : this.actions.trace;
    this.lastSummary = { stage, totalMs, actions: this.actions.list(), ...(ops ? { ops } : {}), traceEvents };
    return this.lastSummary;
  }
}
