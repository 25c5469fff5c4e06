import type { KernelConfig } from '../../backend/kernel-registry.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';
import { checkIndexBounds } from './index-bounds.js';
import { outerInner } from '../../kernel-kit/layout.js';
import { sizeOf } from '../../tensor/shape.js';

/** IndexSelect: slice `index[j]` of x along `axis` becomes slice j of the output. */
export const indexSelectKernel: KernelConfig<'IndexSelect', CpuBackend> = {
  name: 'IndexSelect',
  backend: 'cpu',
  run: ({ x, index }, { axis }, cpu) => {
    // Dense inputs may still be views at an offset into a longer array (a DataLoader batch of a
    // dataset tensor): read exactly the elements the shapes cover.
    const m = sizeOf(index.shape);
    const xv = valuesOf(x).subarray(x.offset, x.offset + sizeOf(x.shape));
    const iv = valuesOf(index).subarray(index.offset, index.offset + m);
    const size = x.shape[axis];
    checkIndexBounds('indexSelect', iv, axis, size);
    const outShape = x.shape.map((d, i) => (i === axis ? m : d));
    const out = cpu.output(x.dtype, outShape);
    const o = out.values;
    const [outer, inner] = outerInner(x.shape, axis);
    for (let a = 0; a < outer; a++) {
      const xBase = a * size * inner;
      const oBase = a * m * inner;
      for (let j = 0; j < m; j++) {
        const from = xBase + iv[j] * inner;
        const to = oBase + j * inner;
        for (let k = 0; k < inner; k++) o[to + k] = xv[from + k];
      }
    }
    return out;
  },
};

/** IndexAdd, the adjoint of IndexSelect: zeros of `shape`, slice j of src added into slice index[j]. */
export const indexAddKernel: KernelConfig<'IndexAdd', CpuBackend> = {
  name: 'IndexAdd',
  backend: 'cpu',
  run: ({ index, src }, { axis, shape }, cpu) => {
    const m = sizeOf(index.shape);
    const sv = valuesOf(src).subarray(src.offset, src.offset + sizeOf(src.shape));
    const iv = valuesOf(index).subarray(index.offset, index.offset + m);
    const size = shape[axis];
    checkIndexBounds('indexAdd', iv, axis, size);
    const out = cpu.output(src.dtype, shape);
    const o = out.values;
    const [outer, inner] = outerInner(shape, axis);
    for (let a = 0; a < outer; a++) {
      const oBase = a * size * inner;
      const sBase = a * m * inner;
      for (let j = 0; j < m; j++) {
        const to = oBase + iv[j] * inner;
        const from = sBase + j * inner;
        for (let k = 0; k < inner; k++) o[to + k] += sv[from + k];
      }
    }
    return out;
  },
};

export const indexSelectKernels = [indexSelectKernel, indexAddKernel];
