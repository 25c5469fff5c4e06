import type { Shape, TensorInfo } from '@flint/core';
import { broadcastStrides, coalesceDims } from '@flint/core/kernel-kit';

/** Operand views over a dense output: shape and per-operand offsets and strides, dims merged. */
export interface StridedLayout {
  readonly shape: number[];
  readonly offsets: number[];
  readonly strides: number[][];
  /** Every operand is a plain run `offset + i`: the program can skip index arithmetic. */
  readonly linear: boolean;
}

/**
 * Lays `operands` out over a dense `outShape`: drops size-1 dims and merges dims that are
 * contiguous for every operand, so most calls become one run per operand.
 */
export function stridedLayout(outShape: Shape, operands: readonly TensorInfo[]): StridedLayout {
  const { shape, strides } = coalesceDims(outShape, operands.map((x) => broadcastStrides(x, outShape)));
  const linear = shape.length <= 1 && strides.every((s) => s.length === 0 || s[0] === 1);
  return { shape, offsets: operands.map((x) => x.offset), strides, linear };
}

/** Meta block of a strided program: [n, rank, shape..., per operand: offset, strides...]. */
export function stridedMeta(n: number, layout: StridedLayout): number[] {
  const rank = layout.shape.length;
  const meta = [n, rank, ...layout.shape];
  layout.strides.forEach((s, k) => meta.push(layout.offsets[k], ...s));
  return meta;
}

/** WGSL: `at(k, i)`, the element operand `k` reads for output element `i` (see `stridedMeta`). */
export function stridedIndexWgsl(linear: boolean): string {
  if (linear) {
    return `
fn at(k: u32, i: u32) -> u32 {
  let rank = u32(prm[1]);
  return u32(prm[2u + rank + k * (rank + 1u)]) + i;
}`;
  }
  return `
fn at(k: u32, i: u32) -> u32 {
  let rank = u32(prm[1]);
  let base = 2u + rank + k * (rank + 1u);
  var rem = i;
  var off = prm[base];
  for (var d = i32(rank) - 1; d >= 0; d--) {
    let size = u32(prm[2 + d]);
    off += i32(rem % size) * prm[base + 1u + u32(d)];
    rem = rem / size;
  }
  return u32(off);
}`;
}
