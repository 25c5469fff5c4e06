import { gemmPackedF32 } from './gemm-packed.js';

/**
 * C[m,n] (+)= sum_k A[m,k] * B[k,n] on host arrays, the one matrix-multiply routine every CPU
 * kernel (matmul, conv via im2col, their gradients) goes through. Operands are described by
 * an offset and two strides, so transposed views need no copy.
 */
export interface GemmOperand {
  readonly data: Float32Array | Float64Array;
  readonly offset: number;
  /** Distance between consecutive rows. */
  readonly rowStride: number;
  /** Distance between consecutive columns. */
  readonly colStride: number;
}

export interface GemmOutput {
  readonly data: Float32Array | Float64Array;
  readonly offset: number;
  /** Leading dimension: distance between rows of C (columns are adjacent). */
  readonly ld: number;
}

/** Below this many multiply-adds packing costs more than it saves. */
const PACK_MIN_WORK = 32 * 32 * 32;

/** `c = a @ b`, or `c += a @ b` when `accumulate` is set. */
export function gemm(m: number, n: number, k: number, a: GemmOperand, b: GemmOperand, c: GemmOutput, accumulate = false): void {
  const A = a.data, B = b.data, C = c.data;
  if (A instanceof Float32Array && B instanceof Float32Array && C instanceof Float32Array && m * n * k >= PACK_MIN_WORK) {
    if (!accumulate) for (let i = 0; i < m; i++) C.fill(0, c.offset + i * c.ld, c.offset + i * c.ld + n);
    gemmPackedF32(m, n, k, A, a.offset, a.rowStride, a.colStride, B, b.offset, b.rowStride, b.colStride, C, c.offset, c.ld);
    return;
  }
  // Small products and float64 (gradient checks): a plain loop in i-p-j order.
  for (let i = 0; i < m; i++) {
    const rowC = c.offset + i * c.ld;
    if (!accumulate) C.fill(0, rowC, rowC + n);
    for (let p = 0; p < k; p++) {
      const av = A[a.offset + i * a.rowStride + p * a.colStride];
      if (av === 0) continue;
      let ib = b.offset + p * b.rowStride;
      for (let j = 0; j < n; j++, ib += b.colStride) C[rowC + j] += av * B[ib];
    }
  }
}
