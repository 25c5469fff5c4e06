import type { KernelConfig, TensorInfo } from '@flint/core';
import { sizeOf } from '@flint/core';
import { gpuDataOf } from '../gpu-data.js';
import type { WebGpuBackend } from '../webgpu-backend.js';
import { bindings, elementGrid, elementMain, floatBits } from '../wgsl.js';

/*
 * Fused optimizer steps: one thread per parameter element does the whole update in registers,
 * in the order of core's optim/sgd.ts and optim/adam.ts (each op's float32 rounding kept), so
 * a step is one dispatch per parameter instead of a dozen. Scalars are f32 bits in the meta.
 */

const f = (k: number): string => `bitcast<f32>(prm[${k}])`;

/** Meta: [n, lr, momentum, 1 - dampening, weightDecay, nesterov, maximize, first]. */
const SGD_BODY = (momentum: boolean): string => `
  var d = grad[i];
  if (prm[6] != 0) { d = -d; }
  let p = param[i];
  if (${f(4)} != 0.0) { let decay = p * ${f(4)}; d = d + decay; }
  ${momentum ? `var b = d;
  if (prm[7] == 0) { let kept = buf[i] * ${f(2)}; let fresh = d * ${f(3)}; b = kept + fresh; }
  buf[i] = b;
  if (prm[5] != 0) { let ahead = b * ${f(2)}; d = d + ahead; } else { d = b; }` : ''}
  let delta = d * ${f(1)};
  param[i] = p - delta;`;

/** Meta: [n, 1 - lr*wd, wd, b1, 1 - b1, b2, 1 - b2, sqrt(1 - b2^t), eps, lr / (1 - b1^t), maximize, decoupled]. */
const ADAM_BODY = (amsgrad: boolean): string => `
  var g = grad[i];
  if (prm[10] != 0) { g = -g; }
  var p = param[i];
  if (${f(2)} != 0.0) {
    if (prm[11] != 0) { p = p * ${f(1)}; } else { let decay = p * ${f(2)}; g = g + decay; }
  }
  let m1 = m[i] * ${f(3)}; let m2 = g * ${f(4)}; let mt = m1 + m2;
  m[i] = mt;
  let v1 = v[i] * ${f(5)}; let gg = g * g; let v2 = gg * ${f(6)}; let vt = v1 + v2;
  v[i] = vt;
  ${amsgrad ? 'let vh = max(vmax[i], vt); vmax[i] = vh;' : 'let vh = vt;'}
  let denom = sqrt(vh) / ${f(7)} + ${f(8)};
  let ratio = mt / denom;
  let delta = ratio * ${f(9)};
  param[i] = p - delta;`;

const buffer = (t: TensorInfo): GPUBuffer => gpuDataOf(t.dataId).buffer;

export const sgdStepKernel: KernelConfig<'SgdStep', WebGpuBackend> = {
  name: 'SgdStep',
  backend: 'webgpu',
  run: ({ param, grad, buf }, a, gpu) => {
    const n = sizeOf(param.shape);
    const hasBuf = a.momentum !== 0;
    const writes: [string, 'float32'][] = hasBuf ? [['param', 'float32'], ['buf', 'float32']] : [['param', 'float32']];
    const wgsl = (): string => [bindings([['grad', 'float32']], writes), elementMain(SGD_BODY(hasBuf))].join('\n');
    const meta = [n, floatBits(a.lr), floatBits(a.momentum), floatBits(1 - a.dampening), floatBits(a.weightDecay), +a.nesterov, +a.maximize, +a.first];
    const buffers = hasBuf ? [buffer(grad), buffer(param), buffer(buf)] : [buffer(grad), buffer(param)];
    gpu.dispatch({ key: `sgd-step:${+hasBuf}`, kernel: 'SgdStep', wgsl }, buffers, meta, elementGrid(n));
  },
};

export const adamStepKernel: KernelConfig<'AdamStep', WebGpuBackend> = {
  name: 'AdamStep',
  backend: 'webgpu',
  run: ({ param, grad, m, v, vmax }, a, gpu) => {
    const n = sizeOf(param.shape);
    const writes: [string, 'float32'][] = [['param', 'float32'], ['m', 'float32'], ['v', 'float32']];
    if (a.amsgrad) writes.push(['vmax', 'float32']);
    const wgsl = (): string => [bindings([['grad', 'float32']], writes), elementMain(ADAM_BODY(a.amsgrad))].join('\n');
    const scalars = [
      1 - a.lr * a.weightDecay, a.weightDecay, a.beta1, 1 - a.beta1, a.beta2, 1 - a.beta2,
      Math.sqrt(1 - a.beta2 ** a.step), a.eps, a.lr / (1 - a.beta1 ** a.step),
    ];
    const meta = [n, ...scalars.map(floatBits), +a.maximize, +a.decoupled];
    const buffers = [buffer(grad), buffer(param), buffer(m), buffer(v), ...(a.amsgrad ? [buffer(vmax)] : [])];
    gpu.dispatch({ key: `adam-step:${+a.amsgrad}`, kernel: 'AdamStep', wgsl }, buffers, meta, elementGrid(n));
  },
};

export const optimizerStepKernels = [sgdStepKernel, adamStepKernel];
