import { Tensor } from '@flint/core';

/**
 * Moves every tensor inside a batch (tensors, arrays, plain objects) to `device`; other
 * values pass through. Tensors already there are returned as they are.
 */
export function moveBatch<B>(batch: B, device: string): B {
  if (batch instanceof Tensor) return (batch.device === device ? batch : batch.to(device)) as B;
  if (Array.isArray(batch)) return batch.map((b: unknown) => moveBatch(b, device)) as B;
  if (batch !== null && typeof batch === 'object' && Object.getPrototypeOf(batch) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(batch)) out[k] = moveBatch(v, device);
    return out as B;
  }
  return batch;
}
