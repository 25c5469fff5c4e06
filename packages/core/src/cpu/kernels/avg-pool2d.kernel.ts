import type { KernelConfig } from '../../backend/kernel-registry.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';
import { poolGeometry, type PoolGeometry } from './pool-geometry.js';
import { avgPoolGradInWasm, avgPoolInWasm } from './pool-wasm.js';

/**
 * PyTorch's avg_pool2d divisor for output (y, x): the window clipped to the padded input when
 * padding counts, else the window clipped to the input itself.
 */
function divisor(g: PoolGeometry, y: number, xo: number, countIncludePad: boolean): number {
  const ys = y * g.sh - g.ph;
  const xs = xo * g.sw - g.pw;
  if (countIncludePad) return (Math.min(ys + g.kh, g.h + g.ph) - ys) * (Math.min(xs + g.kw, g.w + g.pw) - xs);
  return (Math.min(ys + g.kh, g.h) - Math.max(ys, 0)) * (Math.min(xs + g.kw, g.w) - Math.max(xs, 0));
}

/** AvgPool2D (ceil_mode=false, no divisor override). */
export const avgPool2dKernel: KernelConfig<'AvgPool2D', CpuBackend> = {
  name: 'AvgPool2D',
  backend: 'cpu',
  run: ({ x }, attrs, cpu) => {
    const g = poolGeometry(x.shape, attrs);
    const { h, w, oh, ow } = g;
    const out = cpu.output(x.dtype, [x.shape[0], x.shape[1], oh, ow]);
    const xv = valuesOf(x);
    const ov = out.values;
    if (avgPoolInWasm(g, attrs.countIncludePad, xv, ov)) return out;
    let o = 0;
    for (let pl = 0; pl < g.planes; pl++) {
      const base = pl * h * w;
      for (let y = 0; y < oh; y++) {
        const y0 = Math.max(0, y * g.sh - g.ph);
        const y1 = Math.min(h, y * g.sh - g.ph + g.kh);
        for (let xo = 0; xo < ow; xo++, o++) {
          const x0 = Math.max(0, xo * g.sw - g.pw);
          const x1 = Math.min(w, xo * g.sw - g.pw + g.kw);
          let s = 0;
          for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) s += xv[base + iy * w + ix];
          ov[o] = s / divisor(g, y, xo, attrs.countIncludePad);
        }
      }
    }
    return out;
  },
};

/** AvgPool2D's gradient: each output gradient, over its divisor, spread across its window. */
export const avgPool2dGradKernel: KernelConfig<'AvgPool2DGrad', CpuBackend> = {
  name: 'AvgPool2DGrad',
  backend: 'cpu',
  run: ({ dy }, attrs, cpu) => {
    const g = poolGeometry(attrs.inputShape, attrs);
    const { h, w, oh, ow } = g;
    const out = cpu.output(dy.dtype, attrs.inputShape);
    const dyv = valuesOf(dy);
    const dx = out.values;
    if (avgPoolGradInWasm(g, attrs.countIncludePad, dyv, dx)) return out;
    let o = 0;
    for (let pl = 0; pl < g.planes; pl++) {
      const base = pl * h * w;
      for (let y = 0; y < oh; y++) {
        const y0 = Math.max(0, y * g.sh - g.ph);
        const y1 = Math.min(h, y * g.sh - g.ph + g.kh);
        for (let xo = 0; xo < ow; xo++, o++) {
          const x0 = Math.max(0, xo * g.sw - g.pw);
          const x1 = Math.min(w, xo * g.sw - g.pw + g.kw);
          const v = dyv[o] / divisor(g, y, xo, attrs.countIncludePad);
          for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) dx[base + iy * w + ix] += v;
        }
      }
    }
    return out;
  },
};
