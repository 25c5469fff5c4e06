import type { TypedArray } from '../../tensor/dtype.js';
import { reduceKernelsFor, type ReduceExports } from '../wasm/reduce-wasm.js';
import { isWindow2x2, type PoolGeometry } from './pool-geometry.js';

/**
 * The WASM paths of the pooling kernels (`wasm/max-pool-wat.ts`, `wasm/avg-pool-wat.ts`): each
 * runs only when its float32 operands (and int32 argmax) are all in the tensor heap, and then
 * computes exactly what the JS loop it replaces computes. Each returns false, having written
 * nothing, otherwise.
 */
const addresses = [0, 0, 0];

const inHeap = (floats: readonly TypedArray[], all: readonly TypedArray[]): ReduceExports | null => reduceKernelsFor(floats, all, addresses);

/** MaxPool2D values and int32 argmax of dense `x` into `values`, `indices`. */
export function maxPoolInWasm(g: PoolGeometry, x: TypedArray, values: TypedArray, indices: TypedArray): boolean {
  if (values.length === 0) return false;
  const k = inHeap([x, values], [x, values, indices]);
  if (!k) return false;
  const [xa, va, ia] = addresses;
  if (isWindow2x2(g)) k.maxPool2x2(xa, g.planes, g.h, g.w, g.oh, g.ow, va, ia);
  else k.maxPool(xa, g.planes, g.h, g.w, g.oh, g.ow, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, va, ia);
  return true;
}

/** MaxPool2D's gradient into the zero-filled `dx` of `planes` planes of `plane` elements. */
export function maxPoolGradInWasm(dy: TypedArray, indices: TypedArray, dx: TypedArray, planes: number, plane: number, outPlane: number): boolean {
  if (dy.length === 0) return false;
  const k = inHeap([dy, dx], [dy, indices, dx]);
  if (!k) return false;
  k.maxPoolGrad(addresses[0], addresses[1], planes, plane, outPlane, addresses[2]);
  return true;
}

/** AvgPool2D of dense `x` into `out`. */
export function avgPoolInWasm(g: PoolGeometry, countIncludePad: boolean, x: TypedArray, out: TypedArray): boolean {
  if (out.length === 0) return false;
  const k = inHeap([x, out], [x, out]);
  if (!k) return false;
  if (isWindow2x2(g)) k.avgPool2x2(addresses[0], g.planes, g.h, g.w, g.oh, g.ow, addresses[1]);
  else k.avgPool(addresses[0], g.planes, g.h, g.w, g.oh, g.ow, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, +countIncludePad, addresses[1]);
  return true;
}

/** AvgPool2D's gradient into the zero-filled `dx`. */
export function avgPoolGradInWasm(g: PoolGeometry, countIncludePad: boolean, dy: TypedArray, dx: TypedArray): boolean {
  if (dy.length === 0) return false;
  const k = inHeap([dy, dx], [dy, dx]);
  if (!k) return false;
  if (isWindow2x2(g)) k.avgPool2x2Grad(addresses[0], g.planes, g.h, g.w, g.oh, g.ow, addresses[1]);
  else k.avgPoolGrad(addresses[0], g.planes, g.h, g.w, g.oh, g.ow, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, +countIncludePad, addresses[1]);
  return true;
}
