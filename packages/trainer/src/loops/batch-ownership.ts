import { DataLoader, Tensor } from '@flint/core';
import type { BatchSource } from '../module/lightning-data-module.js';

/**
 * Whether a loop may free a source's batches once their step is done: a core DataLoader makes
 * new tensors for every batch, so nobody else holds them; other sources (arrays, generators)
 * may hand out the same tensors again, so their batches are left to their owner.
 */
export function ownsBatches(src: BatchSource): boolean {
  return src instanceof DataLoader;
}

/** Disposes every tensor in a batch (nested arrays and plain objects). Idempotent. */
export function disposeBatch(batch: unknown): void {
  if (batch instanceof Tensor) {
    batch.dispose();
  } else if (Array.isArray(batch)) {
    for (const b of batch) disposeBatch(b);
  } else if (batch !== null && typeof batch === 'object' && Object.getPrototypeOf(batch) === Object.prototype) {
    for (const v of Object.values(batch)) disposeBatch(v);
  }
}
