import type { ConvGeometry, FloatArray } from './im2col.js';
import { growScratch32 } from '../wasm/heap-scratch.js';

/**
 * The convolution kernels multiply a chunk of images at once: their column matrices sit side
 * by side ([k, nb*p]), so one GEMM of width nb*p replaces nb narrow ones (LeNet's 6x784x25
 * per-image products spent more time in per-call copies and packing than in arithmetic). Planes
 * of NCHW tensors are moved between [N, C, p] and this channel-major [C, nb*p] layout with
 * row copies. Results do not depend on the chunk size for the forward and input-gradient
 * products (each output sums over k or og, in the GEMM's fixed order); the filter gradient sums
 * over the images of a chunk in one GEMM, so its order depends only on the shapes.
 */

/** Most elements of one chunk's column matrix (256 KiB of float32: it stays in L2 while it is copied and packed; 16 MiB chunks measured 1.2-1.6x slower than this on LeNet). */
const CHUNK_ELEMENTS = 1 << 16;

/** Images per chunk: as many as fit in {@link CHUNK_ELEMENTS} column elements, at least one. */
export function imagesPerChunk(g: ConvGeometry): number {
  return Math.max(1, Math.min(g.n, Math.floor(CHUNK_ELEMENTS / Math.max(1, g.k * g.p))));
}

let planes32: Float32Array = new Float32Array(0);
let planes64 = new Float64Array(0);

/**
 * A module-level buffer for channel-major planes, separate from the column scratch of
 * `im2col.ts` (a kernel uses both at once), grown as needed and reused.
 */
export function planeScratch(dtype: string, size: number): FloatArray {
  if (dtype === 'float64') {
    if (planes64.length < size) planes64 = new Float64Array(size);
    return planes64;
  }
  planes32 = growScratch32(planes32, size);
  return planes32;
}

/**
 * dst[c, j*p .. (j+1)*p) = src[n0 + j, c0 + c, :] for c < count, j < nb: channels c0.. of
 * images n0.. of an [N, C, p] tensor gathered channel-major (rows nb*p long).
 */
export function gatherPlanes(src: FloatArray, channels: number, p: number, n0: number, nb: number, c0: number, count: number, dst: FloatArray): void {
  const ld = nb * p;
  for (let j = 0; j < nb; j++) {
    const from = ((n0 + j) * channels + c0) * p;
    for (let c = 0; c < count; c++) dst.set(src.subarray(from + c * p, from + (c + 1) * p), c * ld + j * p);
  }
}

/** The inverse of {@link gatherPlanes}: writes channel-major planes back into an [N, C, p] tensor. */
export function scatterPlanes(src: FloatArray, channels: number, p: number, n0: number, nb: number, c0: number, count: number, dst: FloatArray): void {
  const ld = nb * p;
  for (let j = 0; j < nb; j++) {
    const to = ((n0 + j) * channels + c0) * p;
    for (let c = 0; c < count; c++) dst.set(src.subarray(c * ld + j * p, c * ld + (j + 1) * p), to + c * p);
  }
}
