import type { GemmOperand, GemmOutput } from '../gemm.js';
import { gemmThreadPool } from './cpu-threads.js';
import { GEMM_MR, GEMM_NR } from './gemm-tile.js';
import { TILE_REGION_BYTES } from './gemm-thread-pool.js';
import { wasmGemmInstance } from './wasm-gemm-single.js';
import { gemmWasmInHeap } from './wasm-gemm-in-heap.js';
import { tensorHeap } from './tensor-heap.js';
import type { WasmMode } from './wasm-gemm-instance.js';

/**
 * Float32 GEMM on the WebAssembly SIMD kernel (Goto's scheme, as in `gemm-packed.ts`). A, B
 * and the span of C are copied into the module's memory as they lie (strides kept, so
 * transposed views need no JavaScript-side copy). Per NC-wide panel and KC-deep slice, the
 * kernel packs B into 8-column strips and, per chunk of rows, A into 4-row strips; its 4x8
 * register-blocked micro-kernel then adds each tile's products into C in place, and the span of
 * C is copied back. Measured choices are in the package README.
 */
const MR = GEMM_MR;
const NR = GEMM_NR;
const KC = 256;
const NC = 512;
/** Largest packed block of A (floats); taller products pack A in row chunks. */
const A_BLOCK_FLOATS = 1 << 20;
/** Below this many multiply-adds per macro call, waking worker threads costs more than it saves. */
const SPLIT_MIN_WORK = 1 << 18;

const roundUp = (x: number, to: number): number => Math.ceil(x / to) * to;
const align64 = (bytes: number): number => roundUp(bytes, 64);

/** Elements spanned by a strided rows x cols operand (strides are non-negative). */
const extent = (rows: number, cols: number, rowStride: number, colStride: number): number => (rows - 1) * rowStride + (cols - 1) * colStride + 1;

/**
 * `c = a @ b` (or `+=` when accumulating) for float32 operands, m, n, k > 0. Returns false,
 * having written nothing, when wasm32 memory cannot hold the operands; the caller then takes
 * the JavaScript path.
 */
export function gemmWasm(
  mode: WasmMode,
  m: number, n: number, k: number,
  a: GemmOperand & { data: Float32Array }, b: GemmOperand & { data: Float32Array }, c: GemmOutput & { data: Float32Array },
  accumulate: boolean,
): boolean {
  const pool = gemmThreadPool(mode);
  if (!pool) {
    // On one thread, operands in the tensor heap are read where they are (no copy-in).
    const heap = tensorHeap();
    const inHeap = heap !== null && (heap.addressOf(a.data) >= 0 || heap.addressOf(b.data) >= 0 || heap.addressOf(c.data) >= 0);
    if (inHeap && gemmWasmInHeap(mode, heap, m, n, k, a, b, c, accumulate)) return true;
  }
  const wasm = pool?.instance ?? wasmGemmInstance(mode);
  const kcMax = Math.min(k, KC);
  const ncMax = roundUp(Math.min(n, NC), NR);
  const mChunk = Math.min(roundUp(m, MR), Math.max(MR, Math.floor(A_BLOCK_FLOATS / kcMax / MR) * MR));
  const aLen = extent(m, k, a.rowStride, a.colStride);
  const bLen = extent(k, n, b.rowStride, b.colStride);
  const cLen = extent(m, n, c.ld, 1);
  const aPtr = TILE_REGION_BYTES;
  const bPtr = align64(aPtr + aLen * 4);
  const cPtr = align64(bPtr + bLen * 4);
  const paPtr = align64(cPtr + cLen * 4);
  const pbPtr = align64(paPtr + mChunk * kcMax * 4);
  const mem = wasm.reserve(pbPtr + kcMax * ncMax * 4);
  if (mem === null) return false;
  const c0 = cPtr / 4;
  mem.set(a.data.subarray(a.offset, a.offset + aLen), aPtr / 4);
  mem.set(b.data.subarray(b.offset, b.offset + bLen), bPtr / 4);
  mem.set(c.data.subarray(c.offset, c.offset + cLen), c0);
  if (!accumulate) {
    if (c.ld === n) mem.fill(0, c0, c0 + cLen);
    else for (let i = 0; i < m; i++) mem.fill(0, c0 + i * c.ld, c0 + i * c.ld + n);
  }
  const { packA, packB, macro } = wasm.kernels;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packB(bPtr + (pc * b.rowStride + jc * b.colStride) * 4, b.rowStride, b.colStride, kc, nc, pbPtr);
      for (let ic = 0; ic < m; ic += mChunk) {
        const mc = Math.min(mChunk, m - ic);
        packA(aPtr + (ic * a.rowStride + pc * a.colStride) * 4, a.rowStride, a.colStride, mc, kc, paPtr);
        const cAt = cPtr + (ic * c.ld + jc) * 4;
        if (pool && mc * nc * kc >= SPLIT_MIN_WORK) pool.macro(roundUp(mc, MR), roundUp(nc, NR), mc, nc, kc, paPtr, pbPtr, cAt, c.ld);
        else macro(0, roundUp(mc, MR), 0, roundUp(nc, NR), mc, nc, kc, paPtr, pbPtr, cAt, c.ld, 0);
      }
    }
  }
  c.data.set(mem.subarray(c0, c0 + cLen), c.offset);
  return true;
}
