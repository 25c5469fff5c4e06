import type { GemmOperand, GemmOutput } from '../gemm.js';
import { gemmThreadPool } from './cpu-threads.js';
import { tensorHeap } from './tensor-heap.js';
import { gemmWasmCopying } from './wasm-gemm-copying.js';
import { gemmWasmInHeap } from './wasm-gemm-in-heap.js';
import type { WasmMode } from './wasm-gemm-instance.js';

/**
 * `c = a @ b` (or `+=` when accumulating) for float32 operands, m, n, k > 0, on the
 * WebAssembly SIMD kernel: on the tensor heap where there is one (`wasm-gemm-in-heap.ts`), over
 * the thread pool when `setNumThreads` set more than one thread; else, or when the heap cannot
 * hold the scratch, on the calling thread with copies (`wasm-gemm-copying.ts`). Returns false,
 * having written nothing, when wasm32 memory cannot hold the operands; the caller then takes
 * the JavaScript path.
 */
export function gemmWasm(
  mode: WasmMode,
  m: number, n: number, k: number,
  a: GemmOperand & { data: Float32Array }, b: GemmOperand & { data: Float32Array }, c: GemmOutput & { data: Float32Array },
  accumulate: boolean,
): boolean {
  const heap = tensorHeap();
  if (heap !== null && gemmWasmInHeap(mode, heap, gemmThreadPool(mode, heap), m, n, k, a, b, c, accumulate)) return true;
  return gemmWasmCopying(mode, m, n, k, a, b, c, accumulate);
}
