import type { KernelConfig } from '@flint/core';
import { gpuDataOf } from '../gpu-data.js';
import { assertSupported } from '../unsupported.js';
import type { WebGpuBackend } from '../webgpu-backend.js';
import { bindings } from '../wgsl.js';

const TILE = 64;
const TK = 16;

/**
 * C[b] = op(A[b]) @ op(B[b]): 64x64 output tiles per workgroup of 16x16 threads, each thread a
 * 4x4 block in registers; A and B stream through workgroup memory 16 columns of K at a time.
 * Transposes are index arithmetic in the tile loads, never copies. Meta: [M, N, K, tA, tB, Ba, Bb].
 */
const WGSL = `
${bindings([['a', 'float32'], ['b', 'float32']], [['c', 'float32']])}
var<workgroup> As: array<f32, ${TILE * TK}>;
var<workgroup> Bs: array<f32, ${TILE * TK}>;

fn loadA(base: u32, m: u32, k: u32, M: u32, K: u32) -> f32 {
  if (m >= M || k >= K) { return 0.0; }
  return select(a[base + m * K + k], a[base + k * M + m], prm[3] != 0);
}
fn loadB(base: u32, k: u32, n: u32, K: u32, N: u32) -> f32 {
  if (k >= K || n >= N) { return 0.0; }
  return select(b[base + k * N + n], b[base + n * K + k], prm[4] != 0);
}

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = u32(prm[0]);
  let N = u32(prm[1]);
  let K = u32(prm[2]);
  let batch = wid.z;
  let aBase = select(batch, 0u, prm[5] == 1) * M * K;
  let bBase = select(batch, 0u, prm[6] == 1) * K * N;
  let row0 = wid.y * ${TILE}u;
  let col0 = wid.x * ${TILE}u;
  let tid = lid.y * 16u + lid.x;
  var acc: array<f32, 16>;
  for (var k0 = 0u; k0 < K; k0 += ${TK}u) {
    for (var l = 0u; l < 4u; l++) {
      let e = tid + l * 256u;
      let m = e / ${TK}u;
      let kk = e % ${TK}u;
      As[kk * ${TILE}u + m] = loadA(aBase, row0 + m, k0 + kk, M, K);
      let kb = e / ${TILE}u;
      let nb = e % ${TILE}u;
      Bs[kb * ${TILE}u + nb] = loadB(bBase, k0 + kb, col0 + nb, K, N);
    }
    workgroupBarrier();
    for (var kk = 0u; kk < ${TK}u; kk++) {
      var av: array<f32, 4>;
      var bv: array<f32, 4>;
      for (var r = 0u; r < 4u; r++) {
        av[r] = As[kk * ${TILE}u + lid.y + r * 16u];
        bv[r] = Bs[kk * ${TILE}u + lid.x + r * 16u];
      }
      for (var r = 0u; r < 4u; r++) {
        for (var q = 0u; q < 4u; q++) { acc[r * 4u + q] = fma(av[r], bv[q], acc[r * 4u + q]); }
      }
    }
    workgroupBarrier();
  }
  let cBase = batch * M * N;
  for (var r = 0u; r < 4u; r++) {
    let m = row0 + lid.y + r * 16u;
    for (var q = 0u; q < 4u; q++) {
      let n = col0 + lid.x + q * 16u;
      if (m < M && n < N) { c[cBase + m * N + n] = acc[r * 4u + q]; }
    }
  }
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
    const out = gpu.output(a.dtype, [batch, m, n]);
    const meta = [m, n, k, transposeA ? 1 : 0, transposeB ? 1 : 0, ba, bb];
    const buffers = [gpuDataOf(a.dataId).buffer, gpuDataOf(b.dataId).buffer, out.dataId.buffer];
    const groups: [number, number, number] = [Math.ceil(n / TILE), Math.ceil(m / TILE), batch];
    // K = 0 skips the tile loop and writes zeros, as an empty sum should.
    gpu.dispatch({ key: 'batch-matmul:f32', kernel: 'BatchMatMul', wgsl: () => WGSL }, buffers, meta, groups);
    return out;
  },
};
