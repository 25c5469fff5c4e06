import type { KernelOutput, TensorInfo } from '@flint/core';

/** Row-major strides of a shape. */
export function denseStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** A kernel output seen as a dense kernel input. */
export const contiguousInfo = (o: KernelOutput): TensorInfo => ({ ...o, strides: denseStrides(o.shape), offset: 0 });

/** Product of the dimensions before `axis` and after it. */
export function outerInner(shape: readonly number[], axis: number): [number, number] {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < shape.length; i++) {
    if (i < axis) outer *= shape[i];
    else if (i > axis) inner *= shape[i];
  }
  return [outer, inner];
}
