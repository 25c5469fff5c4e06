import { gemm, type GemmOperand } from '../gemm.js';
import { growScratch32 } from '../wasm/heap-scratch.js';

/**
 * The tile geometry and scratch of the CPU flash-attention kernels: queries in blocks of
 * `QUERY_TILE` rows meet keys in blocks of `KEY_TILE`, so the only score matrix ever held is one
 * QUERY_TILE x KEY_TILE tile (32 KiB), whatever the sequence length. Scratch grows once and is
 * reused by every call, so the hot loops allocate nothing.
 */
export const QUERY_TILE = 64;
export const KEY_TILE = 128;

let scores: Float32Array = new Float32Array(0);
let grads: Float32Array = new Float32Array(0);
let rows: Float32Array = new Float32Array(0);
const rowMax = new Float64Array(QUERY_TILE);
const rowSum = new Float64Array(QUERY_TILE);

/**
 * Scratch for one call: two score-sized tiles, a [QUERY_TILE, width] accumulator and two
 * per-row vectors. The tiles live in the tensor heap while the WASM kernels are on, so the tile
 * GEMMs read and write them in place instead of copying them in and out.
 */
export function attentionScratch(width: number): { scores: Float32Array; grads: Float32Array; acc: Float32Array; rowMax: Float64Array; rowSum: Float64Array } {
  scores = growScratch32(scores, QUERY_TILE * KEY_TILE);
  grads = growScratch32(grads, QUERY_TILE * KEY_TILE);
  rows = growScratch32(rows, QUERY_TILE * width);
  return { scores, grads, acc: rows, rowMax, rowSum };
}

/** A row-major [rows, cols] block of `data` at `offset` with row length `ld`, or its transpose. */
export const block = (data: Float32Array, offset: number, ld: number, transposed = false): GemmOperand =>
  transposed ? { data, offset, rowStride: 1, colStride: ld } : { data, offset, rowStride: ld, colStride: 1 };

/** `c (+)= a @ b` for tiles: the WebAssembly GEMM where it pays, as every CPU matmul. */
export function tileGemm(m: number, n: number, k: number, a: GemmOperand, b: GemmOperand, c: Float32Array, cOffset: number, ld: number, accumulate: boolean): void {
  gemm(m, n, k, a, b, { data: c, offset: cOffset, ld }, accumulate);
}

/** Keys a causal query block [i0, i0 + rows) can see: [0, min(S, i0 + rows)). */
export const visibleKeys = (causal: boolean, i0: number, rowsInBlock: number, s: number): number => (causal ? Math.min(s, i0 + rowsInBlock) : s);
