import type { Generator } from '@flint/core';
import type { BatchSource } from '../module/lightning-data-module.js';
import { normalizeLimit, type BatchLimit } from './batch-limit.js';

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

/** Batches to run of a source of `total` under `limit` (see `BatchLimit`). */
export function limitBatches(total: number, limit: BatchLimit | undefined, what: string): number {
  if (limit === undefined) return total;
  const n = normalizeLimit(limit, what);
  if ('count' in n) return Math.min(total, n.count);
  return total === Infinity ? Infinity : Math.floor(total * n.fraction);
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
