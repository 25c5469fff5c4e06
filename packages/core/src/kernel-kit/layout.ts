import type { TensorInfo } from '../backend/backend.js';
import type { Shape } from '../tensor/shape.js';

/** Strides of `info` seen through a broadcast to `outShape` (0 where broadcast). */
export function broadcastStrides(info: TensorInfo, outShape: Shape): number[] {
  const lead = outShape.length - info.shape.length;
  return outShape.map((d, i) => {
    const src = i - lead;
    if (src < 0) return 0;
    return info.shape[src] === 1 && d !== 1 ? 0 : info.strides[src];
  });
}

/** A shape with one stride list per operand, after `coalesceDims`. */
export interface CoalescedDims {
  readonly shape: number[];
  readonly strides: number[][];
}

/**
 * Drops size-1 dimensions and merges neighbours that are contiguous for every operand, so most
 * elementwise calls become one long row per operand. `strides` holds one list per operand.
 */
export function coalesceDims(shape: Shape, strides: readonly (readonly number[])[]): CoalescedDims {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, k) => outStrides[k][last] === s[i] * shape[i])) {
      outShape[last] *= shape[i];
      strides.forEach((s, k) => (outStrides[k][last] = s[i]));
    } else {
      outShape.push(shape[i]);
      strides.forEach((s, k) => outStrides[k].push(s[i]));
    }
  }
  return { shape: outShape, strides: outStrides };
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
