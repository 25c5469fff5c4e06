import type { TypedArray } from '../../tensor/dtype.js';
import { HeapKernelModule, type HeapKernels } from './heap-kernel-module.js';
import { REDUCE_SIMD_WASM } from './reduce-wasm-bytes.js';
import type { TensorHeap } from './tensor-heap.js';

/**
 * The exports of the reduction module (`wasm/reduce-wat.ts` documents each). Pointers are byte
 * addresses in the tensor heap, sizes count elements, every operand is contiguous float32.
 */
export interface ReduceExports {
  sumRows(src: number, rows: number, cols: number, dst: number): void;
  sumRows64(src: number, rows: number, cols: number, dst: number): void;
  maxRows(src: number, rows: number, cols: number, dst: number): void;
  sumMiddle(src: number, outer: number, len: number, inner: number, dst: number): void;
  maxMiddle(src: number, outer: number, len: number, inner: number, dst: number): void;
  softmax(x: number, rows: number, cols: number, y: number): void;
  logSoftmax(x: number, rows: number, cols: number, y: number): void;
  softmaxGrad(y: number, dy: number, rows: number, cols: number, dx: number): void;
  logSoftmaxGrad(y: number, dy: number, rows: number, cols: number, dx: number): void;
  maxPool2x2(x: number, planes: number, h: number, w: number, oh: number, ow: number, y: number, idx: number): void;
  maxPool(x: number, planes: number, h: number, w: number, oh: number, ow: number, kh: number, kw: number, sh: number, sw: number, ph: number, pw: number, y: number, idx: number): void;
  maxPoolGrad(dy: number, idx: number, planes: number, plane: number, outPlane: number, dx: number): void;
  avgPool2x2(x: number, planes: number, h: number, w: number, oh: number, ow: number, y: number): void;
  avgPool2x2Grad(dy: number, planes: number, h: number, w: number, oh: number, ow: number, dx: number): void;
  avgPool(x: number, planes: number, h: number, w: number, oh: number, ow: number, kh: number, kw: number, sh: number, sw: number, ph: number, pw: number, countIncludePad: number, y: number): void;
  avgPoolGrad(dy: number, planes: number, h: number, w: number, oh: number, ow: number, kh: number, kw: number, sh: number, sw: number, ph: number, pw: number, countIncludePad: number, dx: number): void;
  expVec(x: number, n: number, y: number): void;
  logVec(x: number, n: number, y: number): void;
}

const reduceModule = new HeapKernelModule<ReduceExports>(REDUCE_SIMD_WASM);

/** The reduction kernels instantiated on `heap` (a test's own heap, or the backend's). */
export function reduceKernelsOn(heap: TensorHeap): ReduceExports | null {
  return reduceModule.on(heap);
}

/** The backend's heap and its reduction kernels, or null in the 'js' kernel mode or without shared memory. */
export function wasmReduce(): HeapKernels<ReduceExports> | null {
  return reduceModule.onBackendHeap();
}

/**
 * Byte addresses of `arrays` in the heap, written into `into`; false when one is not in the
 * heap (the caller takes its JS path). The dtypes are the caller's to check.
 */
export function heapAddresses(heap: TensorHeap, arrays: readonly TypedArray[], into: number[]): boolean {
  for (let i = 0; i < arrays.length; i++) {
    const at = heap.addressOf(arrays[i]);
    if (at < 0) return false;
    into[i] = at;
  }
  return true;
}

/**
 * The backend's reduction kernels when every array of `arrays` is in the tensor heap and every
 * one of `floats` is float32, with the byte addresses of `arrays` written into `into`; null
 * otherwise (the caller takes its JS path).
 */
export function reduceKernelsFor(floats: readonly TypedArray[], arrays: readonly TypedArray[], into: number[]): ReduceExports | null {
  for (const a of floats) if (!(a instanceof Float32Array)) return null;
  const wasm = wasmReduce();
  return wasm && heapAddresses(wasm.heap, arrays, into) ? wasm.kernels : null;
}
