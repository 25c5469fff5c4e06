import type { KernelConfig } from '../../backend/kernel-registry.js';
import { sizeOf } from '../../tensor/shape.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';
import type { TypedArray } from '../../tensor/dtype.js';
import type { TensorHeap } from '../wasm/tensor-heap.js';
import { wasmVector } from '../wasm/vector-wasm.js';

/*
 * Fused optimizer steps: one pass over a parameter instead of a dozen elementwise ops, each
 * allocating a full-size temporary. The order of core's optim/sgd.ts and optim/adam.ts is kept
 * and every intermediate is rounded to float32 (Math.fround) as the op it replaces would
 * round it, so the fused step gives the same bits as the ops (optimizer-step.kernel.spec.ts).
 * When every float32 operand is in the tensor heap, the same arithmetic in the same order runs
 * on the WASM vector kernel (`wasm/vector-wat.ts`), 4 elements per SIMD step: the same bits.
 */

/** Byte address of element `offset` of `values` in the heap, or -1 (not float32, or not in the heap). */
function addressAt(heap: TensorHeap, values: TypedArray, offset: number): number {
  const at = values instanceof Float32Array ? heap.addressOf(values) : -1;
  return at < 0 ? -1 : at + 4 * offset;
}

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
    const wasm = wasmVector();
    if (wasm && n > 0 && p instanceof Float32Array) {
      const pa = addressAt(wasm.heap, p, po), ga = addressAt(wasm.heap, g, go), ba = hasBuf ? addressAt(wasm.heap, b, bo) : 0;
      if (pa >= 0 && ga >= 0 && ba >= 0) {
        const flags = (wd !== 0 ? 1 : 0) | (hasBuf ? 2 : 0) | (a.first ? 4 : 0) | (a.nesterov ? 8 : 0);
        wasm.kernels.sgd(pa, ga, ba, n, lr, momentum, keepFresh, wd, sign, flags);
        return;
      }
    }
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
    const wasm = wasmVector();
    if (wasm && n > 0 && p instanceof Float32Array) {
      const { heap } = wasm;
      const pa = addressAt(heap, p, po), ga = addressAt(heap, g, go), ma = addressAt(heap, mv, mo), va = addressAt(heap, vv, vo);
      const xa = a.amsgrad ? addressAt(heap, xv, xo) : 0;
      if (pa >= 0 && ga >= 0 && ma >= 0 && va >= 0 && xa >= 0) {
        const flags = (wd !== 0 ? 1 : 0) | (a.decoupled ? 2 : 0) | (a.amsgrad ? 4 : 0);
        wasm.kernels.adam(pa, ga, ma, va, xa, n, decay, wd, b1, c1, b2, c2, bias2, eps, stepSize, sign, flags);
        return;
      }
    }
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
