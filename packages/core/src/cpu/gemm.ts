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

/** `c = a @ b`, or `c += a @ b` when `accumulate` is set. */
export function gemm(m: number, n: number, k: number, a: GemmOperand, b: GemmOperand, c: GemmOutput, accumulate = false): void {
  const A = a.data, B = b.data, C = c.data;
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
