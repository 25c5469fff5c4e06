import { add, mul, sub, type Tensor } from '@flint/core';
import type { TrainerView } from './trainer-view.js';
import { WeightAveraging } from './weight-averaging.js';

/** Options of `EMAWeightAveraging` (Lightning's names and defaults). */
export interface EMAWeightAveragingOptions {
  /** Weight of the old average at each update (default 0.999). */
  readonly decay?: number;
  /** Update after every n-th optimizer step (default 1). */
  readonly updateEveryNSteps?: number;
  /** First global step that updates (default 0). */
  readonly updateStartingAtStep?: number;
  /** First epoch that updates (default 0). */
  readonly updateStartingAtEpoch?: number;
}

/**
 * Lightning's `EMAWeightAveraging`: an exponential moving average of the parameters,
 * `avg = avg + (1 - decay) (w - avg)` (PyTorch's `get_ema_avg_fn`), started from the weights
 * at the first update. Validation and the final weights use the average.
 */
export class EMAWeightAveraging extends WeightAveraging {
  readonly decay: number;
  private readonly every: number;
  private readonly fromStep: number;
  private readonly fromEpoch: number;

  constructor(opts: EMAWeightAveragingOptions = {}) {
    super();
    this.decay = opts.decay ?? 0.999;
    if (!(this.decay >= 0 && this.decay <= 1)) throw new RangeError(`EMAWeightAveraging: decay must lie in [0, 1], got ${this.decay}`);
    this.every = opts.updateEveryNSteps ?? 1;
    if (!Number.isInteger(this.every) || this.every < 1) throw new RangeError(`EMAWeightAveraging: updateEveryNSteps must be a positive integer, got ${this.every}`);
    this.fromStep = opts.updateStartingAtStep ?? 0;
    this.fromEpoch = opts.updateStartingAtEpoch ?? 0;
  }

  protected updateAfterStep(view: TrainerView): boolean {
    // globalStep already counts the step that just ran.
    const step = view.globalStep - 1;
    return step >= this.fromStep && view.currentEpoch >= this.fromEpoch && step % this.every === 0;
  }

  protected updateAfterEpoch(): boolean {
    return false;
  }

  protected average(avg: Tensor, current: Tensor): Tensor {
    return add(avg, mul(sub(current, avg), 1 - this.decay));
  }
}
