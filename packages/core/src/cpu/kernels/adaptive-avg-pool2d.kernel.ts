import type { KernelConfig } from '../../backend/kernel-registry.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';

/** PyTorch's adaptive window of output i: [floor(i*size/out), ceil((i+1)*size/out)). */
const start = (i: number, size: number, out: number): number => Math.floor((i * size) / out);
const end = (i: number, size: number, out: number): number => Math.ceil(((i + 1) * size) / out);

/** AdaptiveAvgPool2D: [N,C,H,W] -> [N,C,outH,outW], each output the mean of its adaptive window. */
export const adaptiveAvgPool2dKernel: KernelConfig<'AdaptiveAvgPool2D', CpuBackend> = {
  name: 'AdaptiveAvgPool2D',
  backend: 'cpu',
  run: ({ x }, { outSize: [oh, ow] }, cpu) => {
    const [n, c, h, w] = x.shape;
    const out = cpu.output(x.dtype, [n, c, oh, ow]);
    const xv = valuesOf(x);
    const ov = out.values;
    let o = 0;
    for (let pl = 0; pl < n * c; pl++) {
      const base = pl * h * w;
      for (let y = 0; y < oh; y++) {
        const y0 = start(y, h, oh);
        const y1 = end(y, h, oh);
        for (let xo = 0; xo < ow; xo++, o++) {
          const x0 = start(xo, w, ow);
          const x1 = end(xo, w, ow);
          let s = 0;
          for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) s += xv[base + iy * w + ix];
          ov[o] = s / ((y1 - y0) * (x1 - x0));
        }
      }
    }
    return out;
  },
};

/** AdaptiveAvgPool2D's gradient: each output gradient, over its window's area, spread across it. */
export const adaptiveAvgPool2dGradKernel: KernelConfig<'AdaptiveAvgPool2DGrad', CpuBackend> = {
  name: 'AdaptiveAvgPool2DGrad',
  backend: 'cpu',
  run: ({ dy }, { inputShape }, cpu) => {
    const [n, c, h, w] = inputShape;
    const [oh, ow] = [dy.shape[2], dy.shape[3]];
    const out = cpu.output(dy.dtype, inputShape);
    const dyv = valuesOf(dy);
    const dx = out.values;
    let o = 0;
    for (let pl = 0; pl < n * c; pl++) {
      const base = pl * h * w;
      for (let y = 0; y < oh; y++) {
        const y0 = start(y, h, oh);
        const y1 = end(y, h, oh);
        for (let xo = 0; xo < ow; xo++, o++) {
          const x0 = start(xo, w, ow);
          const x1 = end(xo, w, ow);
          const v = dyv[o] / ((y1 - y0) * (x1 - x0));
          for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) dx[base + iy * w + ix] += v;
        }
      }
    }
    return out;
  },
};
