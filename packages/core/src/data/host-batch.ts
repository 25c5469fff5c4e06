import type { DType, TypedArray } from '../tensor/dtype.js';
import { fromValues } from '../ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * A batch on the host, in a form that crosses a thread boundary: typed arrays with their
 * shapes instead of tensors (which live in a backend and cannot be sent). A worker collates to
 * this; the loader turns it into tensors on the main thread.
 */
export interface HostArray {
  readonly hostArray: true;
  readonly data: TypedArray;
  readonly shape: number[];
  readonly dtype: DType;
}

/** A collated batch before upload: host arrays, strings, numbers, nested in arrays and objects. */
export type HostValue = HostArray | number | string | boolean | null | undefined | HostValue[] | { [key: string]: HostValue };

export const hostArray = (data: TypedArray, shape: number[], dtype: DType): HostArray => ({ hostArray: true, data, shape, dtype });

export const isHostArray = (v: unknown): v is HostArray =>
  typeof v === 'object' && v !== null && (v as HostArray).hostArray === true && ArrayBuffer.isView((v as HostArray).data);

/** Uploads every host array in `v` as a tensor on `device`, keeping the structure. */
export function hostToTensors(v: HostValue, device?: string): unknown {
  if (isHostArray(v)) return fromValues(v.data, v.shape, { dtype: v.dtype, device });
  if (Array.isArray(v)) return v.map((x) => hostToTensors(x, device));
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = hostToTensors(x, device);
    return out;
  }
  return v;
}

/**
 * The ArrayBuffers of `v`'s host arrays, each once, for a `postMessage` transfer list. Only
 * arrays that own their whole buffer are listed: transferring a view would detach its parent.
 */
export function transferables(v: HostValue, into: ArrayBuffer[] = []): ArrayBuffer[] {
  if (isHostArray(v)) {
    const buf = v.data.buffer;
    const whole = v.data.byteOffset === 0 && v.data.byteLength === buf.byteLength;
    if (whole && buf instanceof ArrayBuffer && !into.includes(buf)) into.push(buf);
  } else if (Array.isArray(v)) {
    for (const x of v) transferables(x, into);
  } else if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) transferables(x, into);
  }
  return into;
}

/** Disposes every tensor in a collated batch (arrays and plain objects walked). */
export function disposeBatch(v: unknown): void {
  if (typeof v !== 'object' || v === null) return;
  if (typeof (v as Tensor).dispose === 'function' && 'kept' in v) (v as Tensor).dispose();
  else if (Array.isArray(v)) for (const x of v) disposeBatch(x);
  else if (Object.getPrototypeOf(v) === Object.prototype) for (const x of Object.values(v)) disposeBatch(x);
}
