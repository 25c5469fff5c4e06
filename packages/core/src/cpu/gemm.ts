import { gemmPacked } from './gemm-packed.js';
import { cpuKernelMode } from './wasm/cpu-kernel-mode.js';
import { gemmWasm } from './wasm/wasm-gemm.js';

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

/** Below this many multiply-adds, or with fewer than 4 rows or columns, packing costs more than it saves. */
const PACK_MIN_WORK = 24 * 24 * 24;
const PACK_MIN_SIDE = 4;

/** Below this many multiply-adds, or for matrix-vector products, the WebAssembly kernel's copies cost more than they save. */
const WASM_MIN_WORK = 8 * 8 * 8;

const isF32 = <T extends { data: Float32Array | Float64Array }>(x: T): x is T & { data: Float32Array } => x.data instanceof Float32Array;

/** `c = a @ b`, or `c += a @ b` when `accumulate` is set. */
export function gemm(m: number, n: number, k: number, a: GemmOperand, b: GemmOperand, c: GemmOutput, accumulate = false): void {
  if (m > 0 && n > 1 && k > 0 && m * n * k >= WASM_MIN_WORK && isF32(a) && isF32(b) && isF32(c)) {
    const mode = cpuKernelMode();
    if (mode !== 'js' && gemmWasm(mode, m, n, k, a, b, c, accumulate)) return;
  }
  const C = c.data;
  if (!accumulate) for (let i = 0; i < m; i++) C.fill(0, c.offset + i * c.ld, c.offset + i * c.ld + n);
  if (m === 0 || n === 0 || k === 0) return;
  if (m >= PACK_MIN_SIDE && n >= PACK_MIN_SIDE && m * n * k >= PACK_MIN_WORK) {
    gemmPacked(m, n, k, a.data, a.offset, a.rowStride, a.colStride, b.data, b.offset, b.rowStride, b.colStride, C, c.offset, c.ld);
  } else {
    gemmSmall(m, n, k, a, b, c);
  }
}

/** Small or thin products (matrix-vector): a plain loop in i-p-j order, accumulating into C. */
function gemmSmall(m: number, n: number, k: number, a: GemmOperand, b: GemmOperand, c: GemmOutput): void {
  const A = a.data, B = b.data, C = c.data;
  if (n === 1) {
    // Matrix-vector: one dot product per row.
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let p = 0, ia = a.offset + i * a.rowStride, ib = b.offset; p < k; p++, ia += a.colStride, ib += b.rowStride) s += A[ia] * B[ib];
      C[c.offset + i * c.ld] += s;
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    const rowC = c.offset + i * c.ld;
    for (let p = 0; p < k; p++) {
      const av = A[a.offset + i * a.rowStride + p * a.colStride];
      let ib = b.offset + p * b.rowStride;
      for (let j = 0; j < n; j++, ib += b.colStride) C[rowC + j] += av * B[ib];
    }
  }
}
