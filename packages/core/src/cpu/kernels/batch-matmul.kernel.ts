import type { KernelConfig } from '../../backend/kernel-registry.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';
import { gemm } from '../gemm.js';

/**
 * C[i] = op(A[i]) @ op(B[i]) for each batch i, where op transposes when its flag is set;
 * a batch of 1 broadcasts. Transposes are strides handed to gemm, never copies. A batch of
 * plain (untransposed) A against one B is a single GEMM over all the rows, so B is packed once.
 */
export const batchMatMulKernel: KernelConfig<'BatchMatMul', CpuBackend> = {
  name: 'BatchMatMul',
  backend: 'cpu',
  run: ({ a, b }, { transposeA, transposeB }, cpu) => {
    const [ba, ar, ac] = a.shape;
    const [bb, br, bc] = b.shape;
    const m = transposeA ? ac : ar;
    const k = transposeA ? ar : ac;
    const n = transposeB ? br : bc;
    const batch = Math.max(ba, bb);
    const out = cpu.output(a.dtype, [batch, m, n]);
    const av = valuesOf(a) as Float32Array | Float64Array;
    const bv = valuesOf(b) as Float32Array | Float64Array;
    const c = out.values as Float32Array | Float64Array;
    const bOp = { data: bv, rowStride: transposeB ? 1 : bc, colStride: transposeB ? bc : 1 };
    if (bb === 1 && !transposeA) {
      gemm(batch * m, n, k, { data: av, offset: 0, rowStride: ac, colStride: 1 }, { ...bOp, offset: 0 }, { data: c, offset: 0, ld: n });
      return out;
    }
    for (let i = 0; i < batch; i++) {
      const aOff = (ba === 1 ? 0 : i) * ar * ac;
      const bOff = (bb === 1 ? 0 : i) * br * bc;
      gemm(
        m, n, k,
        { data: av, offset: aOff, rowStride: transposeA ? 1 : ac, colStride: transposeA ? ac : 1 },
        { ...bOp, offset: bOff },
        { data: c, offset: i * m * n, ld: n },
      );
    }
    return out;
  },
};
