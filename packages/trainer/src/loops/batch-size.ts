import { Tensor } from '@flint/core';

/**
 * Lightning's `_extract_batch_size`: the first dimension of the first tensor found in a batch
 * (a tensor, or nested arrays and plain objects of them); undefined when there is none. It
 * weighs epoch means when `log` is given no `batchSize`.
 */
export function batchSizeOf(batch: unknown): number | undefined {
  if (batch instanceof Tensor) return batch.shape.length > 0 ? batch.shape[0] : 1;
  if (Array.isArray(batch)) {
    for (const b of batch) {
      const n = batchSizeOf(b);
      if (n !== undefined) return n;
    }
    return undefined;
  }
  if (batch !== null && typeof batch === 'object' && Object.getPrototypeOf(batch) === Object.prototype) {
    for (const v of Object.values(batch)) {
      const n = batchSizeOf(v);
      if (n !== undefined) return n;
    }
  }
  return undefined;
}
