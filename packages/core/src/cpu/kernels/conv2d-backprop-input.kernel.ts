import type { KernelConfig } from '../../backend/kernel-registry.js';
import { gemm } from '../gemm.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';
import { gatherPlanes, imagesPerChunk, planeScratch } from './conv-batching.js';
import { col2im, columnScratch, convGeometry, type FloatArray } from './im2col.js';

/**
 * The input gradient of Conv2D over chunks of images (`conv-batching.ts`): per chunk and
 * group, gather dY channel-major ([og, nb*p]), dCol = W_g^T @ dY ([k, og] x [og, nb*p]) in one
 * gemm, then col2im scatter-adds each image's block of dCol into dX.
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
    const chunk = imagesPerChunk(g);
    const col = columnScratch(dy.dtype, k * chunk * p);
    const dyPlanes = planeScratch(dy.dtype, og * chunk * p);
    for (let n0 = 0; n0 < g.n; n0 += chunk) {
      const nb = Math.min(chunk, g.n - n0);
      const ld = nb * p;
      for (let gi = 0; gi < g.groups; gi++) {
        gatherPlanes(dyv, g.o, p, n0, nb, gi * og, og, dyPlanes);
        gemm(
          k, ld, og,
          { data: wv, offset: gi * og * k, rowStride: 1, colStride: k },
          { data: dyPlanes, offset: 0, rowStride: ld, colStride: 1 },
          { data: col, offset: 0, ld },
        );
        for (let j = 0; j < nb; j++) col2im(col, g, dx, ((n0 + j) * g.c + gi * cg) * plane, j * p, ld);
      }
    }
    return out;
  },
};
