import type { KernelConfig } from '../../backend/kernel-registry.js';
import { gemm } from '../gemm.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';
import { gatherPlanes, imagesPerChunk, planeScratch } from './conv-batching.js';
import { columnScratch, convGeometry, im2col, im2colTransposed, type FloatArray } from './im2col.js';

/**
 * The filter gradient of Conv2D over chunks of images (`conv-batching.ts`): per chunk and
 * group, dW_g += dY_g @ col_g^T ([og, nb*p] x [nb*p, k]) in one gemm, dY gathered channel-major.
 * float32 unfolds col_g with im2col (contiguous row copies) and hands gemm its transposed view:
 * the WebAssembly kernel packs a column-major B with SIMD transposes, and this measured 1.1-1.3x
 * faster than unfolding element by element into the transposed layout. float64 (the JavaScript
 * gemm) keeps the materialised col_g^T (im2colTransposed), so no inner gemm step strides by p.
 */
export const conv2dBackpropFilterKernel: KernelConfig<'Conv2DBackpropFilter', CpuBackend> = {
  name: 'Conv2DBackpropFilter',
  backend: 'cpu',
  run: ({ x, dy }, attrs, cpu) => {
    const g = convGeometry(x.shape, attrs.filterShape, attrs);
    const out = cpu.output(x.dtype, attrs.filterShape);
    const xv = valuesOf(x) as FloatArray;
    const dyv = valuesOf(dy) as FloatArray;
    const dw = out.values as FloatArray;
    const { k, p, og, cg } = g;
    const plane = g.h * g.w;
    const chunk = imagesPerChunk(g);
    const viewCol = x.dtype === 'float32';
    const unfolded = columnScratch(x.dtype, k * chunk * p);
    const dyPlanes = planeScratch(x.dtype, og * chunk * p);
    for (let n0 = 0; n0 < g.n; n0 += chunk) {
      const nb = Math.min(chunk, g.n - n0);
      const ld = nb * p;
      for (let gi = 0; gi < g.groups; gi++) {
        if (viewCol) for (let j = 0; j < nb; j++) im2col(xv, ((n0 + j) * g.c + gi * cg) * plane, g, unfolded, j * p, ld);
        else for (let j = 0; j < nb; j++) im2colTransposed(xv, ((n0 + j) * g.c + gi * cg) * plane, g, unfolded, j * p * k);
        gatherPlanes(dyv, g.o, p, n0, nb, gi * og, og, dyPlanes);
        gemm(
          og, k, ld,
          { data: dyPlanes, offset: 0, rowStride: ld, colStride: 1 },
          viewCol ? { data: unfolded, offset: 0, rowStride: 1, colStride: ld } : { data: unfolded, offset: 0, rowStride: k, colStride: 1 },
          { data: dw, offset: gi * og * k, ld: k },
          true,
        );
      }
    }
    return out;
  },
};
