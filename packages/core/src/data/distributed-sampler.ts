import { Generator } from '../random/generator.js';
import { permutationValues } from '../random/sampling.js';
import { defaultRank } from '../distributed/default-rank.js';
import { FlintError } from '../tensor/errors.js';
import type { Sampler } from './sampler.js';

export interface DistributedSamplerOptions {
  /** World size: how many ranks share the dataset (default: the initialised process group's). */
  numReplicas?: number;
  /** This rank, 0 <= rank < numReplicas (default: this process's rank in that group). */
  rank?: number;
  /** Shuffle with a permutation seeded by `seed + epoch` (default true). */
  shuffle?: boolean;
  /** Must be the same on every rank (default 0). */
  seed?: number;
  /** Drop the tail that does not divide evenly instead of padding (default false). */
  dropLast?: boolean;
}

/**
 * Gives each rank its own slice of the dataset, with `torch.utils.data.DistributedSampler`'s
 * exact rules: the (shuffled) index list is padded by repeating indices from its start up to a
 * multiple of `numReplicas` (or cut to one with `dropLast`), and rank r takes every
 * `numReplicas`-th index from position r. The order changes only through `setEpoch`, so call
 * it at the start of each epoch. Without `numReplicas` / `rank` it takes them from the default
 * process group (`initProcessGroup` of `@flint/strategy-ddp`), as PyTorch's does.
 */
export class DistributedSampler implements Sampler {
  readonly numReplicas: number;
  readonly rank: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly dropLast: boolean;
  /** Indices this rank yields per pass. */
  readonly numSamples: number;
  /** Indices over all ranks per pass, after padding or dropping. */
  readonly totalSize: number;
  private epoch = 0;
  private readonly n: number;

  constructor(dataset: { readonly length: number } | number, opts: DistributedSamplerOptions = {}) {
    this.n = typeof dataset === 'number' ? dataset : dataset.length;
    const group = opts.numReplicas === undefined || opts.rank === undefined ? defaultRank() : null;
    if ((opts.numReplicas === undefined || opts.rank === undefined) && !group) {
      throw new FlintError(
        'DistributedSampler: no process group is initialised, so numReplicas and rank are unknown; ' +
          'call initProcessGroup() from @flint/strategy-ddp first, or pass { numReplicas, rank }',
      );
    }
    const numReplicas = opts.numReplicas ?? group!.worldSize;
    const rank = opts.rank ?? group!.rank;
    if (!Number.isInteger(numReplicas) || numReplicas < 1) {
      throw new RangeError(`DistributedSampler: numReplicas must be a positive integer, got ${numReplicas}`);
    }
    if (!Number.isInteger(rank) || rank < 0 || rank >= numReplicas) {
      throw new RangeError(`DistributedSampler: invalid rank ${rank}, rank should be in the interval [0, ${numReplicas - 1}]`);
    }
    this.numReplicas = numReplicas;
    this.rank = rank;
    this.shuffle = opts.shuffle ?? true;
    this.seed = opts.seed ?? 0;
    this.dropLast = opts.dropLast ?? false;
    this.numSamples =
      this.dropLast && this.n % numReplicas !== 0 ? Math.ceil((this.n - numReplicas) / numReplicas) : Math.ceil(this.n / numReplicas);
    this.totalSize = this.numSamples * numReplicas;
  }

  get length(): number {
    return this.numSamples;
  }

  /** Sets the epoch that seeds the next pass's shuffle (`seed + epoch`). */
  setEpoch(epoch: number): void {
    this.epoch = epoch;
  }

  get currentEpoch(): number {
    return this.epoch;
  }

  /** This rank's indices for the current epoch. */
  indices(): number[] {
    let all: number[];
    if (this.shuffle) all = Array.from(permutationValues(new Generator(this.seed + this.epoch), this.n));
    else all = Array.from({ length: this.n }, (_, i) => i);
    if (!this.dropLast) {
      const pad = this.totalSize - all.length;
      const base = all.slice();
      for (let i = 0; i < pad; i++) all.push(base[i % base.length]);
    } else {
      all.length = this.totalSize;
    }
    const mine: number[] = [];
    for (let i = this.rank; i < this.totalSize; i += this.numReplicas) mine.push(all[i]);
    return mine;
  }

  [Symbol.iterator](): Iterator<number> {
    return this.indices()[Symbol.iterator]();
  }
}
