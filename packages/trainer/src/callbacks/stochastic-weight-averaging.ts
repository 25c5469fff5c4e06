import { add, div, sub, type Tensor } from '@flint/core';
import type { TrainerView } from './trainer-view.js';
import { WeightAveraging } from './weight-averaging.js';

/** Options of `StochasticWeightAveraging`. */
export interface StochasticWeightAveragingOptions {
  /** First averaged epoch: an integer epoch, or a fraction (0, 1) of maxEpochs (default 0.8). */
  readonly swaEpochStart?: number;
  /** Learning rate every parameter group uses from that epoch on (default: left as scheduled). */
  readonly swaLrs?: number;
}

/**
 * Lightning's `StochasticWeightAveraging` (Izmailov et al.): from `swaEpochStart` on, the
 * weights at each training epoch's end join an equal-weight running average; validation and the
 * final weights use it. With `swaLrs` the learning rate is held there from that epoch.
 */
export class StochasticWeightAveraging extends WeightAveraging {
  private readonly start: number;
  private readonly swaLrs: number | undefined;

  constructor(opts: StochasticWeightAveragingOptions = {}) {
    super();
    this.start = opts.swaEpochStart ?? 0.8;
    if (!(this.start >= 0) || (this.start >= 1 && !Number.isInteger(this.start))) {
      throw new RangeError(`StochasticWeightAveraging: swaEpochStart must be a fraction in (0, 1) or an integer epoch, got ${this.start}`);
    }
    this.swaLrs = opts.swaLrs;
    if (this.swaLrs !== undefined && !(this.swaLrs > 0)) throw new RangeError(`StochasticWeightAveraging: swaLrs must be > 0, got ${this.swaLrs}`);
  }

  /** The first averaged epoch for this run (a fraction f gives floor(f x maxEpochs), as Lightning). */
  startEpoch(view: Pick<TrainerView, 'maxEpochs'>): number {
    return this.start >= 1 || this.start === 0 ? this.start : Math.floor(this.start * view.maxEpochs);
  }

  override onTrainEpochStart(view: TrainerView): void {
    if (this.swaLrs === undefined || view.currentEpoch < this.startEpoch(view)) return;
    for (const opt of view.optimizers) for (const g of opt.paramGroups) g.lr = this.swaLrs;
  }

  protected updateAfterStep(): boolean {
    return false;
  }

  protected updateAfterEpoch(view: TrainerView): boolean {
    return view.currentEpoch >= this.startEpoch(view);
  }

  protected average(avg: Tensor, current: Tensor, nAveraged: number): Tensor {
    return add(avg, div(sub(current, avg), nAveraged + 1));
  }
}
