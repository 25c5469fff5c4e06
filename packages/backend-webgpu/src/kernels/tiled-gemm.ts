import type { KernelOutput, Shape } from '@flint/core';
import type { GpuData } from '../gpu-data.js';
import type { WebGpuBackend } from '../webgpu-backend.js';
import { bindings, elementGrid, elementMain } from '../wgsl.js';

const TILE = 64;
const TK = 16;
/** Where a GEMM's own fields end in the meta block; its user's fields start here. */
export const GEMM_META = 6;

/**
 * One GEMM shape: `Z` independent products (batches or conv groups) of an M x K operand A and a
 * K x N operand B, both read through the user's index functions, so transposes, im2col and
 * the conv gradients are index arithmetic inside the tile loads (implicit GEMM), never copies.
 */
export interface GemmSpec {
  /** Shader cache key and the kernel it serves (for errors). */
  readonly key: string;
  readonly kernel: string;
  /** The read-only float32 inputs, bound in order, named as the WGSL functions use them. */
  readonly inputs: readonly [string, GPUBuffer][];
  /**
   * WGSL of `loadA(z, m, k) -> f32`, `loadB(z, k, n) -> f32` and `outIndex(z, m, n) -> u32`
   * (called only in range); they read their own fields from `prm[GEMM_META + i]`.
   */
  readonly functions: string;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly z: number;
  /** The user's meta fields (from `GEMM_META` on). */
  readonly meta: readonly number[];
  readonly outShape: Shape;
  /**
   * The output is `[z, M, N]` dense (`outIndex` is the identity): then a long K with few
   * output tiles is split over workgroups and the partial sums are added in a second pass.
   */
  readonly denseOut: boolean;
}

/**
 * WGSL of the tiled GEMM with `q` output columns per thread (a 64 x 16q tile); meta: [M, N, K,
 * splits, K per split, write partials].
 */
function gemmWgsl(spec: GemmSpec, q: number): string {
  const tn = 16 * q;
  return `
${bindings(spec.inputs.map(([name]) => [name, 'float32']), [['out', 'float32']])}
var<workgroup> As: array<f32, ${TILE * TK}>;
var<workgroup> Bs: array<f32, ${tn * TK}>;
${spec.functions}

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = u32(prm[0]); let N = u32(prm[1]); let K = u32(prm[2]);
  let S = u32(prm[3]); let KC = u32(prm[4]);
  let z = wid.z / S; let s = wid.z % S;
  let kBegin = s * KC; let kEnd = min(K, kBegin + KC);
  let row0 = wid.y * ${TILE}u; let col0 = wid.x * ${tn}u;
  let tid = lid.y * 16u + lid.x;
  var acc: array<f32, ${4 * q}>;
  for (var k0 = kBegin; k0 < kEnd; k0 += ${TK}u) {
    for (var l = 0u; l < 4u; l++) {
      let e = tid + l * 256u;
      let m = row0 + e / ${TK}u; let ka = k0 + e % ${TK}u;
      As[(e % ${TK}u) * ${TILE}u + e / ${TK}u] = select(0.0, loadA(z, m, ka), m < M && ka < kEnd);
    }
    for (var l = 0u; l < ${q}u; l++) {
      let e = tid + l * 256u;
      let kb = k0 + e / ${tn}u; let n = col0 + e % ${tn}u;
      Bs[e] = select(0.0, loadB(z, kb, n), kb < kEnd && n < N);
    }
    workgroupBarrier();
    for (var kk = 0u; kk < ${TK}u; kk++) {
      var av: array<f32, 4>;
      var bv: array<f32, ${q}>;
      for (var r = 0u; r < 4u; r++) { av[r] = As[kk * ${TILE}u + lid.y + r * 16u]; }
      for (var c = 0u; c < ${q}u; c++) { bv[c] = Bs[kk * ${tn}u + lid.x + c * 16u]; }
      for (var r = 0u; r < 4u; r++) {
        for (var c = 0u; c < ${q}u; c++) { acc[r * ${q}u + c] = fma(av[r], bv[c], acc[r * ${q}u + c]); }
      }
    }
    workgroupBarrier();
  }
  for (var r = 0u; r < 4u; r++) {
    let m = row0 + lid.y + r * 16u;
    for (var c = 0u; c < ${q}u; c++) {
      let n = col0 + lid.x + c * 16u;
      if (m < M && n < N) {
        if (prm[5] != 0) { out[(wid.z * M + m) * N + n] = acc[r * ${q}u + c]; }
        else { out[outIndex(z, m, n)] = acc[r * ${q}u + c]; }
      }
    }
  }
}`;
}

/** Adds the S partial products [Z, S, M*N] into [Z, M*N] in a fixed order (deterministic). */
const COMBINE_BODY = `
  let S = u32(prm[1]); let MN = u32(prm[2]);
  let zb = i / MN; let e = i % MN;
  var acc = 0.0;
  for (var s = 0u; s < S; s++) { acc += part[(zb * S + s) * MN + e]; }
  out[i] = acc;`;

/** Output columns per thread: 4 (64-wide tiles), or 1 (16-wide) for narrow products such as small convs. */
const colsPerThread = (n: number): number => (n <= 16 ? 1 : 4);

/** How many slices of K to run in parallel: enough workgroups for a GPU, slices of ≥ 512. */
function splitsFor(spec: GemmSpec): number {
  if (!spec.denseOut) return 1;
  const tiles = Math.ceil(spec.m / TILE) * Math.ceil(spec.n / (16 * colsPerThread(spec.n))) * spec.z;
  if (tiles >= 64 || spec.k < 2048) return 1;
  return Math.min(64, Math.ceil(64 / tiles), Math.floor(spec.k / 512), Math.floor(65535 / spec.z));
}

/**
 * Records the GEMM of `spec` and returns its output: one dispatch of 64x64 output tiles per
 * 16x16 workgroup (4x4 per thread in registers, K in 16-deep slices through workgroup memory;
 * 64x16 tiles and 4x1 per thread when N <= 16),
 * plus a combine pass when K is split. K = 0 writes zeros, as an empty sum should.
 */
export function runGemm(gpu: WebGpuBackend, spec: GemmSpec): KernelOutput & { dataId: GpuData } {
  const out = gpu.output('float32', spec.outShape);
  const splits = splitsFor(spec);
  const perSplit = Math.ceil(spec.k / splits / TK) * TK;
  const s = splits > 1 ? Math.ceil(spec.k / perSplit) : 1;
  const target = s > 1 ? gpu.allocate('float32', spec.z * s * spec.m * spec.n) : out.dataId;
  const meta = [spec.m, spec.n, spec.k, s, s > 1 ? perSplit : Math.max(spec.k, 1), s > 1 ? 1 : 0, ...spec.meta];
  const buffers = [...spec.inputs.map(([, b]) => b), target.buffer];
  const q = colsPerThread(spec.n);
  const groups: [number, number, number] = [Math.ceil(spec.n / (16 * q)), Math.ceil(spec.m / TILE), spec.z * s];
  gpu.dispatch({ key: `${spec.key}:q${q}`, kernel: spec.kernel, wgsl: () => gemmWgsl(spec, q) }, buffers, meta, groups);
  if (s > 1) {
    const n = spec.z * spec.m * spec.n;
    const wgsl = (): string => [bindings([['part', 'float32']], [['out', 'float32']]), elementMain(COMBINE_BODY)].join('\n');
    gpu.dispatch({ key: 'gemm-combine', kernel: spec.kernel, wgsl }, [target.buffer, out.dataId.buffer], [n, s, spec.m * spec.n], elementGrid(n));
    gpu.dispose(target);
  }
  return out;
}
