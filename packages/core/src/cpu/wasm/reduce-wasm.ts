import type { TypedArray } from '../../tensor/dtype.js';
import { decodeBase64 } from './decode-base64.js';
import { REDUCE_SIMD_WASM } from './reduce-wasm-bytes.js';
import { tensorHeap, type TensorHeap } from './tensor-heap.js';

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

let compiled: WebAssembly.Module | null | undefined;

/**
 * The compiled module, once per thread; null where the runtime lacks SIMD or refuses to compile
 * it synchronously (Chrome's main thread allows 4 KB; this module is about 10 KB), and the
 * kernels keep their JS paths.
 */
function reduceModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    const bytes = decodeBase64(REDUCE_SIMD_WASM);
    try {
      compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** The reduction kernels instantiated on `heap` (a test's own heap, or the backend's). */
export function reduceKernelsOn(heap: TensorHeap): ReduceExports | null {
  const module = reduceModule();
  return module ? heap.instantiate<ReduceExports>(module) : null;
}

/** The heap and the kernels on it, or null when the CPU backend runs its JS kernels. */
export interface WasmReduce {
  readonly heap: TensorHeap;
  readonly kernels: ReduceExports;
}

let current: WasmReduce | null = null;

/** The backend's heap and its reduction kernels, or null in the 'js' kernel mode or without shared memory. */
export function wasmReduce(): WasmReduce | null {
  const heap = tensorHeap();
  if (!heap) return null;
  if (current?.heap !== heap) {
    const kernels = reduceKernelsOn(heap);
    current = kernels ? { heap, kernels } : null;
  }
  return current;
}

/**
 * Byte addresses of `arrays` in the heap, written into `into`; false when one is not in the heap
 * (the caller takes its JS path). float32 operands only: int32 indices are checked by the caller.
 */
export function heapAddresses(heap: TensorHeap, arrays: readonly TypedArray[], into: number[]): boolean {
  for (let i = 0; i < arrays.length; i++) {
    const at = heap.addressOf(arrays[i]);
    if (at < 0) return false;
    into[i] = at;
  }
  return true;
}
