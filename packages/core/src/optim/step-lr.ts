import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';

export interface StepLROptions {
  /** Decay the lr every `stepSize` steps. */
  stepSize: number;
  /** Multiplicative factor; default 0.1. */
  gamma?: number;
  lastEpoch?: number;
}

/** Multiplies the lr by `gamma` every `stepSize` steps (PyTorch's `StepLR`). */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: SchedulableOptimizer, { stepSize, gamma = 0.1, lastEpoch = -1 }: StepLROptions) {
    super(optimizer, lastEpoch);
    if (!(Number.isInteger(stepSize) && stepSize > 0)) throw new RangeError(`StepLR: stepSize must be a positive integer, got ${stepSize}`);
    this.stepSize = stepSize;
    this.gamma = gamma;
    this.initialStep();
  }

  protected computeLr(): number[] {
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((lr) => lr * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }

  protected override hyperParams(): Record<string, unknown> {
    return { step_size: this.stepSize, gamma: this.gamma };
  }
}
