import { Callback } from './callback.js';
import type { TrainerView } from './trainer-view.js';

export interface EarlyStoppingOptions {
  monitor: string;
  /** Validation checks without improvement before stopping (default 3). */
  patience?: number;
  /** Smallest change that counts as improvement (default 0). */
  minDelta?: number;
  mode?: 'min' | 'max';
  /** Stop when the metric is NaN or infinite (default true). */
  checkFinite?: boolean;
  /** Stop as soon as the metric is better than this. */
  stoppingThreshold?: number;
  /** Stop as soon as the metric is worse than this. */
  divergenceThreshold?: number;
  /** Check at train epoch end instead of validation end. */
  checkOnTrainEpochEnd?: boolean;
}

/** What one check concluded. */
export type EarlyStopDecision = { readonly stop: false } | { readonly stop: true; readonly reason: string };

/** Lightning's EarlyStopping: asks fit to stop when the monitored metric stops improving. */
export class EarlyStopping extends Callback {
  override readonly order = 50;
  private best: number;
  private wait = 0;
  stoppedReason: string | undefined;

  constructor(private readonly opts: EarlyStoppingOptions) {
    super();
    this.best = (opts.mode ?? 'min') === 'min' ? Infinity : -Infinity;
  }

  /** The policy: pure, so it can be tested without a trainer. */
  decide(value: number): EarlyStopDecision {
    const { monitor, mode = 'min', minDelta = 0, patience = 3, checkFinite = true } = this.opts;
    const better = (a: number, b: number): boolean => (mode === 'min' ? a < b - Math.abs(minDelta) : a > b + Math.abs(minDelta));
    if (checkFinite && !Number.isFinite(value)) return { stop: true, reason: `Monitored metric ${monitor} = ${value} is not finite. Previous best value was ${this.best.toFixed(3)}.` };
    const t = this.opts.stoppingThreshold;
    if (t !== undefined && (mode === 'min' ? value < t : value > t)) return { stop: true, reason: `Stopping threshold reached: ${monitor} = ${value} ${mode === 'min' ? '<' : '>'} ${t}.` };
    const d = this.opts.divergenceThreshold;
    if (d !== undefined && (mode === 'min' ? value > d : value < d)) return { stop: true, reason: `Divergence threshold reached: ${monitor} = ${value} ${mode === 'min' ? '>' : '<'} ${d}.` };
    if (better(value, this.best)) {
      this.best = value;
      this.wait = 0;
      return { stop: false };
    }
    this.wait++;
    if (this.wait >= patience) return { stop: true, reason: `Monitored metric ${monitor} did not improve in the last ${this.wait} records. Best score: ${this.best}.` };
    return { stop: false };
  }

  override onValidationEnd(view: TrainerView): void {
    if (!view.sanityChecking && !this.opts.checkOnTrainEpochEnd) this.check(view);
  }

  override onTrainEpochEnd(view: TrainerView): void {
    if (this.opts.checkOnTrainEpochEnd) this.check(view);
  }

  private check(view: TrainerView): void {
    const v = view.callbackMetrics[this.opts.monitor];
    if (v === undefined) {
      throw new Error(`EarlyStopping could not find the monitored metric '${this.opts.monitor}' (logged: ${Object.keys(view.callbackMetrics).join(', ') || 'nothing'})`);
    }
    const d = this.decide(v);
    if (d.stop) {
      this.stoppedReason = d.reason;
      view.requestStop(d.reason);
    }
  }

  override stateDict(): Record<string, unknown> {
    return { best: this.best, wait: this.wait };
  }

  override loadStateDict(state: Readonly<Record<string, unknown>>): void {
    this.best = Number(state.best);
    this.wait = Number(state.wait);
  }
}
