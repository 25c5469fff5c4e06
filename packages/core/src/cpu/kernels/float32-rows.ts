import type { BinaryKernelName, UnaryKernelName } from '../../backend/kernel-names.js';

/**
 * Float32-only copies of the hottest elementwise rows of `binary.kernel.ts` and
 * `unary.kernel.ts`. The shared rows see every array type (float32, int32, bool bytes), so V8
 * compiles their element accesses polymorphic; these separate functions only ever see
 * Float32Array and stay monomorphic, which about halves the time of a bias add.
 * Each computes exactly what its shared row computes.
 */
export type BinaryRowF32 = (o: Float32Array, a: Float32Array, b: Float32Array, io: number, ia: number, ib: number, n: number, sa: number, sb: number) => void;
export type UnaryRowF32 = (o: Float32Array, x: Float32Array, io: number, ix: number, n: number, sx: number) => void;

export const binaryRowsF32: Partial<Record<BinaryKernelName, BinaryRowF32>> = {
  Add: (o, a, b, io, ia, ib, n, sa, sb) => { for (let i = 0; i < n; i++, ia += sa, ib += sb) o[io + i] = a[ia] + b[ib]; },
  Sub: (o, a, b, io, ia, ib, n, sa, sb) => { for (let i = 0; i < n; i++, ia += sa, ib += sb) o[io + i] = a[ia] - b[ib]; },
  Mul: (o, a, b, io, ia, ib, n, sa, sb) => { for (let i = 0; i < n; i++, ia += sa, ib += sb) o[io + i] = a[ia] * b[ib]; },
  Div: (o, a, b, io, ia, ib, n, sa, sb) => { for (let i = 0; i < n; i++, ia += sa, ib += sb) o[io + i] = a[ia] / b[ib]; },
};

export const unaryRowsF32: Partial<Record<UnaryKernelName, UnaryRowF32>> = {
  Neg: (o, x, io, ix, n, sx) => { for (let i = 0; i < n; i++, ix += sx) o[io + i] = -x[ix]; },
  Exp: (o, x, io, ix, n, sx) => { for (let i = 0; i < n; i++, ix += sx) o[io + i] = Math.exp(x[ix]); },
};
