import type { TypedArray } from '../../tensor/dtype.js';

/**
 * Throws a RangeError naming `op` unless every value of `index` lies in `[0, size)`. Kernels
 * check before allocating their output, so a bad index leaks nothing.
 */
export function checkIndexBounds(op: string, index: TypedArray, axis: number, size: number): void {
  for (let i = 0; i < index.length; i++) {
    const v = index[i];
    if (v < 0 || v >= size) {
      throw new RangeError(`${op}: index ${v} is out of bounds for dimension ${axis} with size ${size}`);
    }
  }
}
