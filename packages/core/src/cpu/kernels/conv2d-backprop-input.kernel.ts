import type { KernelConfig } from '../../backend/kernel-registry.js';
import { gemm } from '../gemm.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';
import { col2im, columnScratch, convGeometry, isPointwise, type FloatArray } from './im2col.js';

/**
 * The input gradient of Conv2D: per image and group, dCol = W_g^T @ dY_g ([k, og] x [og, p]),
 * then col2im scatter-adds dCol into dX. A 1x1, stride-1, unpadded conv writes dX directly.
 */
export const conv2dBackpropInputKernel: KernelConfig<'Conv2DBackpropInput', CpuBackend> = {
  name: 'Conv2DBackpropInput',
  backend: 'cpu',
  run: ({ dy, w }, attrs, cpu) => {
    const g = convGeometry(attrs.inputShape, w.shape, attrs);
    const out = cpu.output(dy.dtype, attrs.inputShape);
    const dyv = valuesOf(dy) as FloatArray;
    const wv = valuesOf(w) as FloatArray;
    const dx = out.values as FloatArray;
    const { k, p, og, cg } = g;
    const plane = g.h * g.w;
    const direct = isPointwise(g);
    const col = direct ? dx : columnScratch(dy.dtype, k * p);
    for (let n = 0; n < g.n; n++) {
      for (let gi = 0; gi < g.groups; gi++) {
        const dxOff = (n * g.c + gi * cg) * plane;
        gemm(
          k, p, og,
          { data: wv, offset: gi * og * k, rowStride: 1, colStride: k },
          { data: dyv, offset: (n * g.o + gi * og) * p, rowStride: p, colStride: 1 },
          { data: col, offset: direct ? dxOff : 0, ld: p },
        );
        if (!direct) col2im(col, g, dx, dxOff);
      }
    }
    return out;
  },
};
