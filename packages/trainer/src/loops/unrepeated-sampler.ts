import type { Sampler } from '@flint/core';

/**
 * Lightning's `UnrepeatedDistributedSampler`, for evaluation: rank r of W reads indices
 * r, r + W, r + 2W, ... below n, so every sample is evaluated exactly once across ranks (a
 * `DistributedSampler` pads the last shards by repeating samples, which counts them twice in
 * a syncDist mean). Shards differ by at most one sample; evaluation runs no per-batch
 * collective, so uneven batch counts are fine.
 */
export class UnrepeatedDistributedSampler implements Sampler {
  constructor(
    private readonly n: number,
    private readonly numReplicas: number,
    private readonly rank: number,
  ) {}

  get length(): number {
    return Math.max(0, Math.ceil((this.n - this.rank) / this.numReplicas));
  }

  *[Symbol.iterator](): Iterator<number> {
    for (let i = this.rank; i < this.n; i += this.numReplicas) yield i;
  }
}
