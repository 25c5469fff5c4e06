import { Callback } from '../callbacks/callback.js';
import type { BatchOutputs } from '../callbacks/callback.js';
import type { TrainerView } from '../callbacks/trainer-view.js';

/** Options of `Tuner.lrFind` (Lightning's names and defaults). */
export interface LrFindOptions {
  readonly minLr?: number;
  readonly maxLr?: number;
  /** Learning rates tried, one per training step (default 100). */
  readonly numTraining?: number;
  /** Stop once the smoothed loss exceeds this times the best one (default 4; null: never). */
  readonly earlyStopThreshold?: number | null;
  /** Weight of the old value in the loss's exponential smoothing (default 0.98). */
  readonly beta?: number;
}

/** The range test's curve and the learning rate it suggests. */
export class LrFindResult {
  constructor(
    readonly lrs: readonly number[],
    /** Smoothed, bias-corrected losses, one per tried lr. */
    readonly losses: readonly number[],
  ) {}

  /**
   * Lightning's suggestion: the lr where the smoothed loss falls fastest (the most negative
   * `numpy.gradient` of the losses), skipping the first `skipBegin` and last `skipEnd` points.
   * Undefined when fewer than 2 points remain.
   */
  suggestion(skipBegin = 10, skipEnd = 1): number | undefined {
    const losses = this.losses.slice(skipBegin, this.losses.length - skipEnd);
    if (losses.length < 2) return undefined;
    let best = 0;
    let bestGrad = Infinity;
    for (let i = 0; i < losses.length; i++) {
      const g = i === 0 ? losses[1] - losses[0] : i === losses.length - 1 ? losses[i] - losses[i - 1] : (losses[i + 1] - losses[i - 1]) / 2;
      if (g < bestGrad) {
        bestGrad = g;
        best = i;
      }
    }
    return this.lrs[best + skipBegin];
  }

  /** The curve as CSV: `lr,loss` then one line per point. */
  toCsv(): string {
    return ['lr,loss', ...this.lrs.map((lr, i) => `${lr},${this.losses[i]}`)].join('\n') + '\n';
  }
}

/**
 * The range test's callback (Lightning's `_LRCallback` with the exponential `_ExponentialLR`):
 * step i runs at `minLr * (maxLr / minLr) ** (i / (numTraining - 1))` on every parameter group
 * of every optimizer, records the smoothed loss, and stops the run when it diverges.
 */
export class LrFinderCallback extends Callback {
  readonly lrs: number[] = [];
  readonly losses: number[] = [];
  private avg = 0;
  private best = Infinity;

  constructor(private readonly opts: Required<LrFindOptions>) {
    super();
  }

  lrAt(i: number): number {
    const { minLr, maxLr, numTraining } = this.opts;
    return numTraining === 1 ? minLr : minLr * (maxLr / minLr) ** (i / (numTraining - 1));
  }

  override onTrainBatchStart(view: TrainerView): void {
    const lr = this.lrAt(view.globalStep);
    for (const o of view.optimizers) for (const g of o.paramGroups) g.lr = lr;
  }

  override onTrainBatchEnd(view: TrainerView, _m: unknown, outputs: BatchOutputs): void {
    if (outputs.loss === undefined) return;
    const i = this.lrs.length;
    const { beta, earlyStopThreshold } = this.opts;
    this.avg = beta * this.avg + (1 - beta) * outputs.loss;
    const smoothed = this.avg / (1 - beta ** (i + 1));
    this.lrs.push(this.lrAt(view.globalStep - 1));
    this.losses.push(smoothed);
    if (earlyStopThreshold !== null && i > 1 && (smoothed > earlyStopThreshold * this.best || !Number.isFinite(smoothed))) {
      view.requestStop(`lrFind: the loss diverged at lr ${this.lrs[i]}`);
    }
    this.best = Math.min(this.best, smoothed);
  }
}
