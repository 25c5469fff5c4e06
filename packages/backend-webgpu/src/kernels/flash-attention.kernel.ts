import type { KernelConfig } from '@flint/core';
import { gpuDataOf } from '../gpu-data.js';
import type { WebGpuBackend } from '../webgpu-backend.js';
import { bindings, elementGrid, elementMain } from '../wgsl.js';

/*
 * FlashAttention on WebGPU: one thread per query row (forward, dQ) or key row (dK, dV) walks the
 * keys (queries) with an online softmax and keeps its accumulators in registers, so no [L, S]
 * score matrix exists on the device, only the outputs and the row logsumexp (forward) or the
 * row deltas (backward). Head sizes E and Ev are baked into each pipeline (array lengths), one
 * pipeline per size pair. Meta: [rows, L, S, causal, bits of scale].
 */

const HEADER = `
  let L = prm[1]; let S = prm[2]; let causal = prm[3] != 0; let scale = bitcast<f32>(prm[4]);`;

/** Scores of row `qRow` of q against key `j` of batch `b`: `scale * q·k`. */
const score = (qRow: string, kRow: string): string => `
    var s = 0.0;
    for (var e = 0; e < E; e++) { s += q[(${qRow}) * E + e] * k[(${kRow}) * E + e]; }
    s *= scale;`;

const FORWARD = `${HEADER}
  let b = i32(i) / L; let r = i32(i) % L;
  var acc: array<f32, EV>;
  var m = 0.0; var l = 0.0;
  var last = S; if (causal) { last = min(S, r + 1); }
  for (var j = 0; j < last; j++) {${score('i32(i)', 'b * S + j')}
    let mNew = select(max(m, s), s, j == 0);
    let alpha = select(exp(m - mNew), 0.0, j == 0);
    let p = exp(s - mNew);
    l = l * alpha + p;
    for (var x = 0; x < EV; x++) { acc[x] = acc[x] * alpha + p * v[(b * S + j) * EV + x]; }
    m = mNew;
  }
  for (var x = 0; x < EV; x++) { out[i32(i) * EV + x] = acc[x] / l; }
  lse[i] = m + log(l);`;

const QUERY_GRAD = `${HEADER}
  let b = i32(i) / L; let r = i32(i) % L;
  var d = 0.0;
  for (var x = 0; x < EV; x++) { d += dout[i32(i) * EV + x] * out[i32(i) * EV + x]; }
  delta[i] = d;
  var acc: array<f32, E>;
  var last = S; if (causal) { last = min(S, r + 1); }
  for (var j = 0; j < last; j++) {${score('i32(i)', 'b * S + j')}
    let p = exp(s - lse[i]);
    var dp = 0.0;
    for (var x = 0; x < EV; x++) { dp += dout[i32(i) * EV + x] * v[(b * S + j) * EV + x]; }
    let ds = p * (dp - d) * scale;
    for (var e = 0; e < E; e++) { acc[e] += ds * k[(b * S + j) * E + e]; }
  }
  for (var e = 0; e < E; e++) { dq[i32(i) * E + e] = acc[e]; }`;

const KEY_GRAD = `${HEADER}
  let b = i32(i) / S; let j = i32(i) % S;
  var dkAcc: array<f32, E>;
  var dvAcc: array<f32, EV>;
  var first = 0; if (causal) { first = j; }
  for (var r = first; r < L; r++) {
    let row = b * L + r;${score('row', 'i32(i)')}
    let p = exp(s - lse[row]);
    var dp = 0.0;
    for (var x = 0; x < EV; x++) {
      let g = dout[row * EV + x];
      dvAcc[x] += p * g;
      dp += g * v[i32(i) * EV + x];
    }
    let ds = p * (dp - delta[row]) * scale;
    for (var e = 0; e < E; e++) { dkAcc[e] += ds * q[row * E + e]; }
  }
  for (var e = 0; e < E; e++) { dk[i32(i) * E + e] = dkAcc[e]; }
  for (var x = 0; x < EV; x++) { dv[i32(i) * EV + x] = dvAcc[x]; }`;

const f32Bits = (x: number): number => new Int32Array(new Float32Array([x]).buffer)[0];
const sized = (body: string, e: number, ev: number): string => `const E = ${e};\nconst EV = ${ev};\n${elementMain(body)}`;

export const flashAttentionKernel: KernelConfig<'FlashAttention', WebGpuBackend> = {
  name: 'FlashAttention',
  backend: 'webgpu',
  run: ({ q, k, v }, { scale, causal }, gpu) => {
    const [batch, l, e] = q.shape;
    const [s, ev] = [k.shape[1], v.shape[2]];
    const out = gpu.output('float32', [batch, l, ev]);
    const lse = gpu.output('float32', [batch, l]);
    const rows = batch * l;
    const wgsl = (): string => [bindings([['q', 'float32'], ['k', 'float32'], ['v', 'float32']], [['out', 'float32'], ['lse', 'float32']]), sized(FORWARD, e, ev)].join('\n');
    const buffers = [q, k, v].map((t) => gpuDataOf(t.dataId).buffer).concat([out.dataId.buffer, lse.dataId.buffer]);
    gpu.dispatch({ key: `flash-attention:${e}:${ev}`, kernel: 'FlashAttention', wgsl }, buffers, [rows, l, s, causal ? 1 : 0, f32Bits(scale)], elementGrid(rows));
    return [out, lse];
  },
};

export const flashAttentionGradKernel: KernelConfig<'FlashAttentionGrad', WebGpuBackend> = {
  name: 'FlashAttentionGrad',
  backend: 'webgpu',
  run: ({ q, k, v, out, dout, lse }, { scale, causal }, gpu) => {
    const [batch, l, e] = q.shape;
    const [s, ev] = [k.shape[1], v.shape[2]];
    const dq = gpu.output('float32', q.shape);
    const dk = gpu.output('float32', k.shape);
    const dv = gpu.output('float32', v.shape);
    const delta = gpu.output('float32', [batch, l]);
    const buf = (t: { dataId: unknown }): GPUBuffer => gpuDataOf(t.dataId as never).buffer;
    const meta = (rows: number): number[] => [rows, l, s, causal ? 1 : 0, f32Bits(scale)];
    const queryWgsl = (): string =>
      [bindings([['q', 'float32'], ['k', 'float32'], ['v', 'float32'], ['out', 'float32'], ['dout', 'float32'], ['lse', 'float32']], [['dq', 'float32'], ['delta', 'float32']]), sized(QUERY_GRAD, e, ev)].join('\n');
    gpu.dispatch({ key: `flash-attention-dq:${e}:${ev}`, kernel: 'FlashAttentionGrad', wgsl: queryWgsl }, [q, k, v, out, dout, lse].map(buf).concat([dq.dataId.buffer, delta.dataId.buffer]), meta(batch * l), elementGrid(batch * l));
    const keyWgsl = (): string =>
      [bindings([['q', 'float32'], ['k', 'float32'], ['v', 'float32'], ['dout', 'float32'], ['lse', 'float32'], ['delta', 'float32']], [['dk', 'float32'], ['dv', 'float32']]), sized(KEY_GRAD, e, ev)].join('\n');
    gpu.dispatch({ key: `flash-attention-dkdv:${e}:${ev}`, kernel: 'FlashAttentionGrad', wgsl: keyWgsl }, [q, k, v, dout, lse].map(buf).concat([delta.dataId.buffer, dk.dataId.buffer, dv.dataId.buffer]), meta(batch * s), elementGrid(batch * s));
    gpu.dispose(delta.dataId);
    return [dq, dk, dv];
  },
};

export const flashAttentionKernels = [flashAttentionKernel, flashAttentionGradKernel];
