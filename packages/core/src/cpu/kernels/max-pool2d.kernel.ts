import type { KernelConfig } from '../../backend/kernel-registry.js';
import type { CpuBackend } from '../cpu-backend.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { valuesOf } from '../cpu-data.js';
import { isWindow2x2, poolGeometry } from './pool-geometry.js';
import { maxPoolGradInWasm, maxPoolInWasm } from './pool-wasm.js';

/**
 * The common 2x2, stride-2, unpadded window unrolled: the same comparisons in the same
 * row-major order as the general loop (its -inf start loses to or ties with the first element,
 * whose index it starts with anyway), without its per-window bounds and nested loops.
 */
function maxPool2x2(xv: TypedArray, vv: TypedArray, iv: TypedArray, planes: number, h: number, w: number, oh: number, ow: number): void {
  let o = 0;
  for (let pl = 0; pl < planes; pl++) {
    const base = pl * h * w;
    for (let y = 0; y < oh; y++) {
      const top = 2 * y * w;
      for (let xo = 0; xo < ow; xo++, o++) {
        const at = top + 2 * xo;
        let best = xv[base + at];
        let arg = at;
        let v = xv[base + at + 1];
        if (v > best || v !== v) { best = v; arg = at + 1; }
        v = xv[base + at + w];
        if (v > best || v !== v) { best = v; arg = at + w; }
        v = xv[base + at + w + 1];
        if (v > best || v !== v) { best = v; arg = at + w + 1; }
        vv[o] = best;
        iv[o] = arg;
      }
    }
  }
}

/**
 * MaxPool2D with PyTorch's semantics: padding counts as -inf, the first maximum in row-major
 * window order wins, a NaN (the last one) wins over everything. Returns [values, argmax], the argmax being
 * the int32 flat index `ih * W + iw` into the input plane.
 */
export const maxPool2dKernel: KernelConfig<'MaxPool2D', CpuBackend> = {
  name: 'MaxPool2D',
  backend: 'cpu',
  run: ({ x }, attrs, cpu) => {
    const g = poolGeometry(x.shape, attrs);
    const { h, w, oh, ow } = g;
    const outShape = [x.shape[0], x.shape[1], oh, ow];
    const values = cpu.outputToOverwrite(x.dtype, outShape);
    const indices = cpu.outputToOverwrite('int32', outShape);
    const xv = valuesOf(x);
    const vv = values.values;
    const iv = indices.values;
    if (maxPoolInWasm(g, xv, vv, iv)) return [values, indices];
    if (isWindow2x2(g)) {
      maxPool2x2(xv, vv, iv, g.planes, h, w, oh, ow);
      return [values, indices];
    }
    let o = 0;
    for (let pl = 0; pl < g.planes; pl++) {
      const base = pl * h * w;
      for (let y = 0; y < oh; y++) {
        const y0 = Math.max(0, y * g.sh - g.ph);
        const y1 = Math.min(h, y * g.sh - g.ph + g.kh);
        for (let xo = 0; xo < ow; xo++, o++) {
          const x0 = Math.max(0, xo * g.sw - g.pw);
          const x1 = Math.min(w, xo * g.sw - g.pw + g.kw);
          let best = -Infinity;
          let arg = y0 * w + x0;
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) {
              const v = xv[base + iy * w + ix];
              if (v > best || v !== v) {
                best = v;
                arg = iy * w + ix;
              }
            }
          }
          vv[o] = best;
          iv[o] = arg;
        }
      }
    }
    return [values, indices];
  },
};

/** MaxPool2D's gradient: each output gradient is added to the input pixel its argmax names. */
export const maxPool2dGradKernel: KernelConfig<'MaxPool2DGrad', CpuBackend> = {
  name: 'MaxPool2DGrad',
  backend: 'cpu',
  run: ({ dy, indices }, { inputShape }, cpu) => {
    const out = cpu.output(dy.dtype, inputShape);
    const dx = out.values;
    const dyv = valuesOf(dy);
    const iv = valuesOf(indices);
    const plane = inputShape[2] * inputShape[3];
    const outPlane = dy.shape[2] * dy.shape[3];
    const planes = inputShape[0] * inputShape[1];
    if (maxPoolGradInWasm(dyv, iv, dx, planes, plane, outPlane)) return out;
    for (let pl = 0, o = 0; pl < planes; pl++) {
      const base = pl * plane;
      for (let j = 0; j < outPlane; j++, o++) dx[base + iv[o]] += dyv[o];
    }
    return out;
  },
};
