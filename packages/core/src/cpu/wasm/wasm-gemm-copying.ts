import type { GemmOperand, GemmOutput } from '../gemm.js';
import { TILE_BYTES } from './gemm-worker-loop.js';
import { align64, extent, packedFloats, runGemmLoops, zeroRows } from './wasm-gemm-loops.js';
import { wasmGemmInstance } from './wasm-gemm-single.js';
import type { WasmMode } from './wasm-gemm-instance.js';

/**
 * The WebAssembly GEMM where there is no tensor heap (a browser page without cross-origin
 * isolation, which has no threads either) or the heap cannot hold the scratch: on the calling
 * thread, on a plain memory of its own, with A, B and the span of C copied in as they lie
 * (strides kept, so transposed views need no JavaScript-side copy) and C copied back. The loop
 * nest is `wasm-gemm-loops.ts`', so the bits are those of the in-heap GEMM.
 */
export function gemmWasmCopying(
  mode: WasmMode,
  m: number, n: number, k: number,
  a: GemmOperand & { data: Float32Array }, b: GemmOperand & { data: Float32Array }, c: GemmOutput & { data: Float32Array },
  accumulate: boolean,
): boolean {
  const wasm = wasmGemmInstance(mode);
  const packed = packedFloats(m, n, k);
  const aLen = extent(m, k, a.rowStride, a.colStride);
  const bLen = extent(k, n, b.rowStride, b.colStride);
  const cLen = extent(m, n, c.ld, 1);
  // The edge tile sits at address 0.
  const aPtr = TILE_BYTES;
  const bPtr = align64(aPtr + aLen * 4);
  const cPtr = align64(bPtr + bLen * 4);
  const paPtr = align64(cPtr + cLen * 4);
  const pbPtr = align64(paPtr + packed.a * 4);
  const mem = wasm.reserve(pbPtr + packed.b * 4);
  if (mem === null) return false;
  const c0 = cPtr / 4;
  mem.set(a.data.subarray(a.offset, a.offset + aLen), aPtr / 4);
  mem.set(b.data.subarray(b.offset, b.offset + bLen), bPtr / 4);
  mem.set(c.data.subarray(c.offset, c.offset + cLen), c0);
  if (!accumulate) zeroRows(mem, c0, m, n, c.ld);
  runGemmLoops(wasm.kernels, null, m, n, k, aPtr, a, bPtr, b, cPtr, c.ld, paPtr, pbPtr, 0);
  c.data.set(mem.subarray(c0, c0 + cLen), c.offset);
  return true;
}
