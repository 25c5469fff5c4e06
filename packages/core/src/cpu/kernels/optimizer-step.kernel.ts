import type { KernelConfig } from '../../backend/kernel-registry.js';
import { sizeOf } from '../../tensor/shape.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';

/*
 * Fused optimizer steps: one pass over a parameter instead of a dozen elementwise ops, each
 * allocating a full-size temporary. The order of core's optim/sgd.ts and optim/adam.ts is kept
 * and every intermediate is rounded to float32 (Math.fround) as the op it replaces would
 * round it, so the fused step gives the same bits as the ops (optimizer-step.kernel.spec.ts).
 */

const f32 = Math.fround;

export const sgdStepKernel: KernelConfig<'SgdStep', CpuBackend> = {
  name: 'SgdStep',
  backend: 'cpu',
  run: ({ param, grad, buf }, a) => {
    const n = sizeOf(param.shape);
    const p = valuesOf(param), g = valuesOf(grad), b = valuesOf(buf);
    const po = param.offset, go = grad.offset, bo = buf.offset;
    const lr = f32(a.lr), momentum = f32(a.momentum), keepFresh = f32(1 - a.dampening), wd = f32(a.weightDecay);
    const sign = a.maximize ? -1 : 1;
    const hasBuf = a.momentum !== 0;
    for (let i = 0; i < n; i++) {
      const pv = p[po + i];
      let d = sign * g[go + i];
      if (wd !== 0) d = f32(d + f32(pv * wd));
      if (hasBuf) {
        const bv = a.first ? d : f32(f32(b[bo + i] * momentum) + f32(d * keepFresh));
        b[bo + i] = bv;
        d = a.nesterov ? f32(d + f32(bv * momentum)) : bv;
      }
      p[po + i] = pv - f32(d * lr);
    }
  },
};

export const adamStepKernel: KernelConfig<'AdamStep', CpuBackend> = {
  name: 'AdamStep',
  backend: 'cpu',
  run: ({ param, grad, m, v, vmax }, a) => {
    const n = sizeOf(param.shape);
    const p = valuesOf(param), g = valuesOf(grad), mv = valuesOf(m), vv = valuesOf(v), xv = valuesOf(vmax);
    const po = param.offset, go = grad.offset, mo = m.offset, vo = v.offset, xo = vmax.offset;
    const decay = f32(1 - a.lr * a.weightDecay), wd = f32(a.weightDecay);
    const b1 = f32(a.beta1), c1 = f32(1 - a.beta1), b2 = f32(a.beta2), c2 = f32(1 - a.beta2);
    const bias2 = f32(Math.sqrt(1 - a.beta2 ** a.step)), eps = f32(a.eps), stepSize = f32(a.lr / (1 - a.beta1 ** a.step));
    const sign = a.maximize ? -1 : 1;
    for (let i = 0; i < n; i++) {
      let gv = sign * g[go + i];
      let pv = p[po + i];
      if (wd !== 0) {
        if (a.decoupled) pv = f32(pv * decay);
        else gv = f32(gv + f32(pv * wd));
      }
      const mt = f32(f32(mv[mo + i] * b1) + f32(gv * c1));
      mv[mo + i] = mt;
      const vt = f32(f32(vv[vo + i] * b2) + f32(f32(gv * gv) * c2));
      vv[vo + i] = vt;
      let vh = vt;
      if (a.amsgrad) {
        const prev = xv[xo + i];
        vh = prev > vt || prev !== prev ? prev : vt;
        xv[xo + i] = vh;
      }
      const denom = f32(f32(f32(Math.sqrt(vh)) / bias2) + eps);
      p[po + i] = pv - f32(f32(mt / denom) * stepSize);
    }
  },
};

export const optimizerStepKernels = [sgdStepKernel, adamStepKernel];
