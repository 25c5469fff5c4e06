import type { Generator } from '@flint/core';
import type { BatchSource } from '../module/lightning-data-module.js';

/** Batches per pass of a source, or Infinity when it cannot say. */
export function sourceLength(src: BatchSource): number {
  let n: unknown;
  try {
    n = (src as { length?: unknown }).length;
  } catch {
    return Infinity; // a DataLoader over a stream (IterableDataset) throws: it has no length
  }
  return typeof n === 'number' ? n : Infinity;
}

/**
 * Lightning's `limit_*_batches`: an integer is a count, a fraction in [0, 1] a share of the
 * source (1.0, the default, is all of it).
 */
export function limitBatches(total: number, limit: number | undefined, what: string): number {
  if (limit === undefined) return total;
  if (!(limit >= 0)) throw new RangeError(`${what} must be >= 0, got ${limit}`);
  if (Number.isInteger(limit) && limit !== 1) return Math.min(total, limit);
  if (limit > 1) throw new RangeError(`${what} must be an integer count or a fraction in [0, 1], got ${limit}`);
  return total === Infinity ? Infinity : Math.floor(total * limit);
}

/** The generator that shuffles a core DataLoader (so its epoch can be replayed on resume). */
export function loaderGenerator(src: BatchSource): Generator | null {
  const g = (src as { generator?: unknown }).generator;
  return g && typeof (g as Generator).getState === 'function' ? (g as Generator) : null;
}

/** An async iterator over any source. */
export function iterate<B>(src: BatchSource<B>): AsyncIterator<B> {
  if (Symbol.asyncIterator in src) return (src as AsyncIterable<B>)[Symbol.asyncIterator]();
  const it = (src as Iterable<B>)[Symbol.iterator]();
  return {
    next: async () => it.next(),
    return: async (v?: unknown) => it.return?.(v as B) ?? { done: true, value: undefined as B },
  };
}
