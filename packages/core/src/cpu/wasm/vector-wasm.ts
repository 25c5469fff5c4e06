import { HeapKernelModule, type HeapKernels } from './heap-kernel-module.js';
import type { TensorHeap } from './tensor-heap.js';
import { VECTOR_WASM } from './vector-wasm-bytes.js';

/** A binary elementwise kernel over `n` float32 elements: `*VV (o, a, b, n)` byte addresses; `*VS (o, a, s, n)` and `*SV (o, s, b, n)` with a scalar value `s`. */
export type VectorBinaryKernel = (o: number, a: number, b: number, n: number) => void;

/**
 * The exports of the vector module (`wasm/vector-wat.ts` documents each). Pointers are byte
 * addresses in the tensor heap, `n` counts float32 elements, operands are contiguous.
 */
export interface VectorExports {
  addVV: VectorBinaryKernel; addVS: VectorBinaryKernel; addSV: VectorBinaryKernel;
  subVV: VectorBinaryKernel; subVS: VectorBinaryKernel; subSV: VectorBinaryKernel;
  mulVV: VectorBinaryKernel; mulVS: VectorBinaryKernel; mulSV: VectorBinaryKernel;
  divVV: VectorBinaryKernel; divVS: VectorBinaryKernel; divSV: VectorBinaryKernel;
  neg(o: number, x: number, n: number): void;
  relu(o: number, x: number, n: number): void;
  reluGrad(o: number, dy: number, y: number, n: number): void;
  sgd(p: number, g: number, buf: number, n: number, lr: number, momentum: number, keepFresh: number, wd: number, sign: number, flags: number): void;
  adam(
    p: number, g: number, m: number, v: number, vmax: number, n: number,
    decay: number, wd: number, b1: number, c1: number, b2: number, c2: number, bias2: number, eps: number, stepSize: number, sign: number, flags: number,
  ): void;
}

const vectorModule = new HeapKernelModule<VectorExports>(VECTOR_WASM);

/** The vector kernels instantiated on `heap` (a test's own heap, or the backend's); null without WebAssembly SIMD. */
export function vectorKernelsOn(heap: TensorHeap): VectorExports | null {
  return vectorModule.on(heap);
}

/** The backend's heap and its vector kernels; null in the 'js' kernel mode or without shared memory. */
export function wasmVector(): HeapKernels<VectorExports> | null {
  return vectorModule.onBackendHeap();
}
