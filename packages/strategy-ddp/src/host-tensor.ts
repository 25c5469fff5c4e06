import { DTypeError, fromValues, noGrad, type Tensor } from '@flint/core';
import type { HostArray } from './host-collective.js';

/** A tensor's values on the host, and whether they are the tensor's own memory. */
export interface HostValues {
  readonly values: HostArray;
  /** True when `values` is the tensor's storage itself: writes need no copy back. */
  readonly inPlace: boolean;
}

function asHostArray(collective: string, t: Tensor, v: unknown): HostArray {
  if (v instanceof Float32Array || v instanceof Int32Array) return v;
  throw new DTypeError(`${collective}: collectives move float32 or int32 tensors, got ${t.dtype}`);
}

/**
 * `t`'s values for a transport. A dense tensor whose backend exposes its host memory (CPU)
 * lends that memory itself, so an in-place collective copies nothing; others are read back.
 */
export async function hostValues(collective: string, t: Tensor): Promise<HostValues> {
  const { backend, dataId } = t.storage;
  if (backend.hostView && t.isContiguous()) {
    const all = asHostArray(collective, t, backend.hostView(dataId));
    return { values: all.subarray(t.offset, t.offset + t.size), inPlace: true };
  }
  return { values: asHostArray(collective, t, await t.data()), inPlace: false };
}

/** Writes host `values` into `t` in place, on `t`'s device (nothing to do when they are its memory). */
export function writeBack(t: Tensor, h: HostValues): void {
  if (h.inPlace) return;
  const src = fromValues(h.values, t.shape, { dtype: t.dtype, device: t.device });
  noGrad(() => t.copy_(src));
  src.dispose();
}

/** Writes a fresh host array into `t` in place. */
export function writeInto(t: Tensor, values: HostArray): void {
  const src = fromValues(values, t.shape, { dtype: t.dtype, device: t.device });
  noGrad(() => t.copy_(src));
  src.dispose();
}
