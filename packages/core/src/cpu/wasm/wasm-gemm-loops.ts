import type { GemmOperand } from '../gemm.js';
import { GEMM_MR, GEMM_NR } from './gemm-tile.js';
import type { GemmThreadPool } from './gemm-thread-pool.js';
import type { GemmExports } from './wasm-gemm-instance.js';

/**
 * The loop nest of the WebAssembly GEMM (Goto's scheme, as in `gemm-packed.ts`), shared by the
 * in-heap and the copying drivers so both give the same bits. Per NC-wide panel and KC-deep
 * slice, the kernel packs B into 8-column strips and, per chunk of rows, A into 4-row strips;
 * its 4x8 register-blocked micro-kernel then adds each tile's products into C in place. Measured
 * choices are in the package README.
 */
const MR = GEMM_MR;
const NR = GEMM_NR;
/** Depth of a packed slice of A and B. */
const GEMM_KC = 256;
/** Width of a packed panel of B. */
const GEMM_NC = 512;
/** Largest packed block of A (floats); taller products pack A in row chunks. */
const A_BLOCK_FLOATS = 1 << 20;
/** Below this many multiply-adds per macro call, waking worker threads costs more than it saves. */
const SPLIT_MIN_WORK = 1 << 18;

const roundUp = (x: number, to: number): number => Math.ceil(x / to) * to;
export const align64 = (bytes: number): number => roundUp(bytes, 64);

/** Elements spanned by a strided rows x cols operand (strides are non-negative). */
export const extent = (rows: number, cols: number, rowStride: number, colStride: number): number => (rows - 1) * rowStride + (cols - 1) * colStride + 1;

/** Rows of A packed at a time for an m x k product. */
const packedRowsOfA = (m: number, k: number): number => Math.min(roundUp(m, MR), Math.max(MR, Math.floor(A_BLOCK_FLOATS / Math.min(k, GEMM_KC) / MR) * MR));

/** Zeroes the m x n block of C at element `c0` with row stride `ldc` (the gaps between its rows are left). */
export function zeroRows(data: Float32Array, c0: number, m: number, n: number, ldc: number): void {
  if (ldc === n) data.fill(0, c0, c0 + m * n);
  else for (let i = 0; i < m; i++) data.fill(0, c0 + i * ldc, c0 + i * ldc + n);
}

/** Floats of the packed A block and the packed B panel of an m x n x k product. */
export function packedFloats(m: number, n: number, k: number): { a: number; b: number } {
  const kc = Math.min(k, GEMM_KC);
  return { a: packedRowsOfA(m, k) * kc, b: kc * roundUp(Math.min(n, GEMM_NC), NR) };
}

/**
 * `C += A @ B` on byte addresses of one memory: A at `aPtr` with `a`'s strides, B at `bPtr`
 * with `b`'s, C at `cPtr` with row stride `ldc` (already zeroed unless accumulating); `paPtr`
 * and `pbPtr` hold {@link packedFloats}. With a `pool`, macro calls of enough work are split
 * between its threads, whose edge tiles lie at `tiles + index * TILE_BYTES`; on the calling
 * thread alone the tile is `tiles`.
 */
export function runGemmLoops(
  kernels: GemmExports, pool: GemmThreadPool | null,
  m: number, n: number, k: number,
  aPtr: number, a: GemmOperand, bPtr: number, b: GemmOperand, cPtr: number, ldc: number,
  paPtr: number, pbPtr: number, tiles: number,
): void {
  const mChunk = packedRowsOfA(m, k);
  const { packA, packB, macro } = kernels;
  for (let jc = 0; jc < n; jc += GEMM_NC) {
    const nc = Math.min(GEMM_NC, n - jc);
    for (let pc = 0; pc < k; pc += GEMM_KC) {
      const kc = Math.min(GEMM_KC, k - pc);
      packB(bPtr + (pc * b.rowStride + jc * b.colStride) * 4, b.rowStride, b.colStride, kc, nc, pbPtr);
      for (let ic = 0; ic < m; ic += mChunk) {
        const mc = Math.min(mChunk, m - ic);
        packA(aPtr + (ic * a.rowStride + pc * a.colStride) * 4, a.rowStride, a.colStride, mc, kc, paPtr);
        const cAt = cPtr + (ic * ldc + jc) * 4;
        if (pool && mc * nc * kc >= SPLIT_MIN_WORK) pool.macro(roundUp(mc, MR), roundUp(nc, NR), mc, nc, kc, paPtr, pbPtr, cAt, ldc, tiles);
        else macro(0, roundUp(mc, MR), 0, roundUp(nc, NR), mc, nc, kc, paPtr, pbPtr, cAt, ldc, tiles);
      }
    }
  }
}
