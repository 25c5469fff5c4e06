import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';

export interface LinearLROptions {
  /** Factor of the base lr at step 0, in (0, 1]; default 1/3. */
  startFactor?: number;
  /** Factor reached after `totalIters` steps, in [0, 1]; default 1. */
  endFactor?: number;
  /** Steps the ramp takes; default 5. */
  totalIters?: number;
  lastEpoch?: number;
}

/**
 * Scales the lr linearly from `startFactor` to `endFactor` times its base value over
 * `totalIters` steps, then holds it (PyTorch's `LinearLR`; the usual warmup).
 */
export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;

  constructor(optimizer: SchedulableOptimizer, { startFactor = 1 / 3, endFactor = 1, totalIters = 5, lastEpoch = -1 }: LinearLROptions = {}) {
    super(optimizer, lastEpoch);
    if (!(startFactor > 0 && startFactor <= 1)) {
      throw new RangeError(`LinearLR: startFactor must be in (0, 1], got ${startFactor}`);
    }
    if (!(endFactor >= 0 && endFactor <= 1)) throw new RangeError(`LinearLR: endFactor must be in [0, 1], got ${endFactor}`);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    this.initialStep();
  }

  protected computeLr(): number[] {
    const { lastEpoch: e, startFactor: s, endFactor: f, totalIters: n } = this;
    if (e === 0) return this.groups.map((g) => g.lr * s);
    if (e > n) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * (1 + (f - s) / (n * s + (e - 1) * (f - s))));
  }

  protected override closedFormLr(): number[] {
    const { startFactor: s, endFactor: f, totalIters: n } = this;
    return this.baseLrs.map((base) => base * (s + ((f - s) * Math.min(n, this.lastEpoch)) / n));
  }

  protected override hyperParams(): Record<string, unknown> {
    return { start_factor: this.startFactor, end_factor: this.endFactor, total_iters: this.totalIters };
  }
}
