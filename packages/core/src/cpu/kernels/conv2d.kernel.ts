import type { KernelConfig } from '../../backend/kernel-registry.js';
import { gemm } from '../gemm.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';
import { imagesPerChunk, planeScratch, scatterPlanes } from './conv-batching.js';
import { columnScratch, convGeometry, im2col, type FloatArray } from './im2col.js';

/**
 * Conv2D by im2col + gemm over chunks of images (`conv-batching.ts`): per chunk and group,
 * unfold every image's group channels side by side into a [cg*kh*kw, nb*oh*ow] column matrix,
 * multiply the group's [og, cg*kh*kw] filters by it in one gemm, and copy the channel-major
 * result planes into the NCHW output.
 */
export const conv2dKernel: KernelConfig<'Conv2D', CpuBackend> = {
  name: 'Conv2D',
  backend: 'cpu',
  run: ({ x, w }, attrs, cpu) => {
    const g = convGeometry(x.shape, w.shape, attrs);
    const out = cpu.outputToOverwrite(x.dtype, [g.n, g.o, g.oh, g.ow]);
    const xv = valuesOf(x) as FloatArray;
    const wv = valuesOf(w) as FloatArray;
    const ov = out.values as FloatArray;
    const { k, p, og, cg } = g;
    const plane = g.h * g.w;
    const chunk = imagesPerChunk(g);
    const col = columnScratch(x.dtype, k * chunk * p);
    const res = planeScratch(x.dtype, og * chunk * p);
    for (let n0 = 0; n0 < g.n; n0 += chunk) {
      const nb = Math.min(chunk, g.n - n0);
      const ld = nb * p;
      for (let gi = 0; gi < g.groups; gi++) {
        for (let j = 0; j < nb; j++) im2col(xv, ((n0 + j) * g.c + gi * cg) * plane, g, col, j * p, ld);
        gemm(
          og, ld, k,
          { data: wv, offset: gi * og * k, rowStride: k, colStride: 1 },
          { data: col, offset: 0, rowStride: ld, colStride: 1 },
          { data: res, offset: 0, ld },
        );
        scatterPlanes(res, g.o, p, n0, nb, gi * og, og, ov);
      }
    }
    return out;
  },
};
