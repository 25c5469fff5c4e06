import { AutogradError, type Tensor, type TypedArray } from '@flint/core';

/**
 * Starts reading `t` to the host now, while the caller's `tidy` still owns it: a synchronous
 * copy on backends that allow it (CPU), else the asynchronous read, which is queued on the
 * device before anything can reuse the tensor's memory.
 */
export function startHostRead(t: Tensor): TypedArray | Promise<TypedArray> {
  try {
    return t.dataSync();
  } catch (e) {
    if (e instanceof AutogradError) return t.data();
    throw e;
  }
}
