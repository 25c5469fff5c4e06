import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';

export interface MultiStepLROptions {
  /** Step indices at which the lr decays (a milestone listed twice decays twice). */
  milestones: number[];
  /** Multiplicative factor; default 0.1. */
  gamma?: number;
  lastEpoch?: number;
}

/** Multiplies the lr by `gamma` at each milestone (PyTorch's `MultiStepLR`). */
export class MultiStepLR extends LRScheduler {
  readonly milestones: number[];
  readonly gamma: number;

  constructor(optimizer: SchedulableOptimizer, { milestones, gamma = 0.1, lastEpoch = -1 }: MultiStepLROptions) {
    super(optimizer, lastEpoch);
    this.milestones = [...milestones].sort((a, b) => a - b);
    this.gamma = gamma;
    this.initialStep();
  }

  protected computeLr(): number[] {
    const hits = this.milestones.filter((m) => m === this.lastEpoch).length;
    return this.groups.map((g) => (hits === 0 ? g.lr : g.lr * this.gamma ** hits));
  }

  protected override closedFormLr(): number[] {
    const passed = this.milestones.filter((m) => m <= this.lastEpoch).length;
    return this.baseLrs.map((lr) => lr * this.gamma ** passed);
  }

  protected override hyperParams(): Record<string, unknown> {
    return { milestones: [...this.milestones], gamma: this.gamma };
  }
}
