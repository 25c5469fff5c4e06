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

/** Row-major strides of a shape, as a plain array. */
export function denseStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** Product of the dimensions before `axis` and after it: the loop bounds of a slice-wise kernel. */
export function outerInner(shape: readonly number[], axis: number): [number, number] {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < shape.length; i++) {
    if (i < axis) outer *= shape[i];
    else if (i > axis) inner *= shape[i];
  }
  return [outer, inner];
}
