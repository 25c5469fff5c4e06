import type { KernelConfig } from '@flint/core';
import { gpuDataOf } from '../gpu-data.js';
import { assertSupported } from '../unsupported.js';
import type { WebGpuBackend } from '../webgpu-backend.js';
import { GEMM_META, runGemm } from './tiled-gemm.js';

const [TA, TB, BA, BB] = [0, 1, 2, 3].map((i) => `prm[${GEMM_META + i}]`);

/**
 * C[b] = op(A[b]) @ op(B[b]) on the tiled GEMM; transposes are index arithmetic in the loads
 * and an operand with batch 1 is shared by every batch. Meta: [tA, tB, Ba, Bb].
 */
const FUNCTIONS = `
fn loadA(z: u32, m: u32, k: u32) -> f32 {
  let M = u32(prm[0]); let K = u32(prm[2]);
  let base = select(z, 0u, ${BA} == 1) * M * K;
  return select(a[base + m * K + k], a[base + k * M + m], ${TA} != 0);
}
fn loadB(z: u32, k: u32, n: u32) -> f32 {
  let N = u32(prm[1]); let K = u32(prm[2]);
  let base = select(z, 0u, ${BB} == 1) * K * N;
  return select(b[base + k * N + n], b[base + n * K + k], ${TB} != 0);
}
fn outIndex(z: u32, m: u32, n: u32) -> u32 {
  return (z * u32(prm[0]) + m) * u32(prm[1]) + n;
}`;

export const batchMatMulKernel: KernelConfig<'BatchMatMul', WebGpuBackend> = {
  name: 'BatchMatMul',
  backend: 'webgpu',
  run: ({ a, b }, { transposeA, transposeB }, gpu) => {
    assertSupported('BatchMatMul', a.dtype, b.dtype);
    const [ba, ar, ac] = a.shape;
    const [bb, br, bc] = b.shape;
    const m = transposeA ? ac : ar;
    const k = transposeA ? ar : ac;
    const n = transposeB ? br : bc;
    const batch = Math.max(ba, bb);
    return runGemm(gpu, {
      key: 'batch-matmul:f32', kernel: 'BatchMatMul', functions: FUNCTIONS,
      inputs: [['a', gpuDataOf(a.dataId).buffer], ['b', gpuDataOf(b.dataId).buffer]],
      m, n, k, z: batch, meta: [transposeA ? 1 : 0, transposeB ? 1 : 0, ba, bb], outShape: [batch, m, n], denseOut: true,
    });
  },
};
