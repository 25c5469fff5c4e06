import type { KernelConfig } from '../../backend/kernel-registry.js';
import { gemm } from '../gemm.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';
import { columnScratch, convGeometry, im2colTransposed, isPointwise, type FloatArray } from './im2col.js';

/** dst[dOff + c*rows + r] = src[sOff + r*cols + c]: a [rows, cols] block transposed. */
function transposeInto(src: FloatArray, sOff: number, rows: number, cols: number, dst: FloatArray, dOff: number): void {
  for (let r = 0; r < rows; r++) {
    const s = sOff + r * cols;
    for (let c = 0, d = dOff + r; c < cols; c++, d += rows) dst[d] = src[s + c];
  }
}

/**
 * The filter gradient of Conv2D: dW_g = sum over images of dY_g @ col_g^T ([og, p] x [p, k]),
 * accumulated in place by gemm. col_g^T is materialised ([p, k], rows contiguous, unfolded in
 * one pass by im2colTransposed) because the reduction runs along p, the contiguous axis of both
 * dY and col: a transposed-view operand would make every inner gemm step stride by p.
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
    const direct = isPointwise(g);
    const colT = columnScratch(x.dtype, k * p);
    for (let n = 0; n < g.n; n++) {
      for (let gi = 0; gi < g.groups; gi++) {
        const xOff = (n * g.c + gi * cg) * plane;
        if (direct) transposeInto(xv, xOff, k, p, colT, 0);
        else im2colTransposed(xv, xOff, g, colT);
        gemm(
          og, k, p,
          { data: dyv, offset: (n * g.o + gi * og) * p, rowStride: p, colStride: 1 },
          { data: colT, offset: 0, rowStride: k, colStride: 1 },
          { data: dw, offset: gi * og * k, ld: k },
          true,
        );
      }
    }
    return out;
  },
};
