import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';

export interface CosineAnnealingLROptions {
  /** Half-period of the cosine, in steps (PyTorch's `T_max`). */
  tMax: number;
  /** The lr at the bottom of the cosine; default 0. */
  etaMin?: number;
  lastEpoch?: number;
}

/**
 * Anneals the lr from its base value to `etaMin` along a cosine over `tMax` steps, then back up
 * (PyTorch's `CosineAnnealingLR`). Uses PyTorch's recursive form, so values match it to the
 * last bit and it composes with other changes to the lr.
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;

  constructor(optimizer: SchedulableOptimizer, { tMax, etaMin = 0, lastEpoch = -1 }: CosineAnnealingLROptions) {
    super(optimizer, lastEpoch);
    if (!(tMax > 0)) throw new RangeError(`CosineAnnealingLR: tMax must be positive, got ${tMax}`);
    this.tMax = tMax;
    this.etaMin = etaMin;
    this.initialStep();
  }

  protected computeLr(): number[] {
    const { lastEpoch: e, tMax: T, etaMin } = this;
    if (e === 0) return this.groups.map((g) => g.lr);
    if (this.stepCount === 1 && e > 0) {
      return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + Math.cos((e * Math.PI) / T))) / 2);
    }
    if ((e - 1 - T) % (2 * T) === 0) {
      return this.groups.map((g, i) => g.lr + ((this.baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / T))) / 2);
    }
    return this.groups.map(
      (g) => ((1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T))) * (g.lr - etaMin) + etaMin,
    );
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => this.etaMin + ((base - this.etaMin) * (1 + Math.cos((Math.PI * this.lastEpoch) / this.tMax))) / 2);
  }

  protected override hyperParams(): Record<string, unknown> {
    return { T_max: this.tMax, eta_min: this.etaMin };
  }
}
