import type { KernelConfig } from '../../backend/kernel-registry.js';
import { gemm } from '../gemm.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';
import { columnScratch, convGeometry, im2col, isPointwise, type FloatArray } from './im2col.js';

/**
 * Conv2D by im2col + gemm: for each image and group, unfold the group's input channels into a
 * [cg*kh*kw, oh*ow] column matrix and multiply the group's [og, cg*kh*kw] filters by it,
 * writing straight into the output plane block. A 1x1, stride-1, unpadded conv skips the unfold.
 */
export const conv2dKernel: KernelConfig<'Conv2D', CpuBackend> = {
  name: 'Conv2D',
  backend: 'cpu',
  run: ({ x, w }, attrs, cpu) => {
    const g = convGeometry(x.shape, w.shape, attrs);
    const out = cpu.output(x.dtype, [g.n, g.o, g.oh, g.ow]);
    const xv = valuesOf(x) as FloatArray;
    const wv = valuesOf(w) as FloatArray;
    const ov = out.values as FloatArray;
    const { k, p, og, cg } = g;
    const plane = g.h * g.w;
    const direct = isPointwise(g);
    const col = direct ? xv : columnScratch(x.dtype, k * p);
    for (let n = 0; n < g.n; n++) {
      for (let gi = 0; gi < g.groups; gi++) {
        const xOff = (n * g.c + gi * cg) * plane;
        if (!direct) im2col(xv, xOff, g, col);
        gemm(
          og, p, k,
          { data: wv, offset: gi * og * k, rowStride: k, colStride: 1 },
          { data: col, offset: direct ? xOff : 0, rowStride: p, colStride: 1 },
          { data: ov, offset: (n * g.o + gi * og) * p, ld: p },
        );
      }
    }
    return out;
  },
};
