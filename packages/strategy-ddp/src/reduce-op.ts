import type { ReduceOp } from '@flint/core';
import type { HostArray } from './host-collective.js';

/** `dst[i] = dst[i] (op) src[i]` over `n` elements from the given offsets; avg accumulates a sum. */
export function reduceInto(dst: HostArray, dstOff: number, src: HostArray, srcOff: number, n: number, op: ReduceOp): void {
  const isInt = dst instanceof Int32Array;
  switch (op) {
    case 'sum':
    case 'avg':
      if (isInt) for (let i = 0; i < n; i++) dst[dstOff + i] = (dst[dstOff + i] + src[srcOff + i]) | 0;
      else for (let i = 0; i < n; i++) dst[dstOff + i] += src[srcOff + i];
      return;
    case 'max':
      for (let i = 0; i < n; i++) {
        const v = src[srcOff + i];
        if (v > dst[dstOff + i] || Number.isNaN(v)) dst[dstOff + i] = v;
      }
      return;
    case 'min':
      for (let i = 0; i < n; i++) {
        const v = src[srcOff + i];
        if (v < dst[dstOff + i] || Number.isNaN(v)) dst[dstOff + i] = v;
      }
      return;
  }
}

/**
 * Turns a reduced sum into the average (`avg`), in place over `[off, off + n)`. Integer
 * averages truncate toward zero, as integer division does in PyTorch's `div(rounding_mode='trunc')`.
 */
export function finishReduce(buf: HostArray, off: number, n: number, op: ReduceOp, worldSize: number): void {
  if (op !== 'avg' || worldSize === 1) return;
  if (buf instanceof Int32Array) for (let i = off; i < off + n; i++) buf[i] = Math.trunc(buf[i] / worldSize);
  else for (let i = off; i < off + n; i++) buf[i] /= worldSize;
}

const OPS: readonly ReduceOp[] = ['sum', 'avg', 'max', 'min'];

/** Numeric code of `op`, published to peers so mismatched ops are caught. */
export const reduceOpCode = (op: ReduceOp): number => OPS.indexOf(op) + 1;

/** Validates a user-supplied op name. */
export function checkReduceOp(collective: string, op: string): ReduceOp {
  if (!(OPS as readonly string[]).includes(op)) throw new Error(`${collective}: unknown reduce op '${op}' (known: ${OPS.join(', ')})`);
  return op as ReduceOp;
}
