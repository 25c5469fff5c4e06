import { defaultGenerator, type Generator } from '../random/generator.js';
import { permutationValues, randintValues } from '../random/sampling.js';

/** Yields dataset indices, like `torch.utils.data.Sampler`; `length` is how many per pass. */
export interface Sampler<T = number> extends Iterable<T> {
  readonly length: number;
}

/** Indices 0..n-1 in order. */
export class SequentialSampler implements Sampler {
  constructor(private readonly n: number) {}

  get length(): number {
    return this.n;
  }

  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.n; i++) yield i;
  }
}

export interface RandomSamplerOptions {
  /** Draw with replacement (default false). */
  replacement?: boolean;
  /** How many indices per pass (default n). Without replacement, more than n chains permutations. */
  numSamples?: number;
  /** The stream shuffles come from (default: the global generator). */
  generator?: Generator;
}

/**
 * Indices 0..n-1 in random order, like `torch.utils.data.RandomSampler`. Each pass draws a
 * fresh permutation from the generator, so a seeded generator gives the same sequence of
 * epochs, and restoring its state replays them.
 */
export class RandomSampler implements Sampler {
  private readonly replacement: boolean;
  private readonly numSamples: number;
  readonly generator: Generator;

  constructor(
    private readonly n: number,
    opts: RandomSamplerOptions = {},
  ) {
    this.replacement = opts.replacement ?? false;
    this.numSamples = opts.numSamples ?? n;
    this.generator = opts.generator ?? defaultGenerator;
    if (!Number.isInteger(this.numSamples) || this.numSamples < 0) {
      throw new RangeError(`RandomSampler: numSamples must be a non-negative integer, got ${this.numSamples}`);
    }
    if (n === 0 && this.numSamples > 0) throw new RangeError('RandomSampler: cannot sample from an empty dataset');
  }

  get length(): number {
    return this.numSamples;
  }

  *[Symbol.iterator](): Iterator<number> {
    if (this.replacement) {
      const draws = randintValues(this.generator, this.numSamples, 0, this.n);
      for (const d of draws) yield d;
      return;
    }
    let left = this.numSamples;
    while (left > 0) {
      const perm = permutationValues(this.generator, this.n);
      const take = Math.min(left, this.n);
      for (let i = 0; i < take; i++) yield perm[i];
      left -= take;
    }
  }
}
