import type { KernelConfig } from '../../backend/kernel-registry.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';
import { checkIndexBounds } from './index-bounds.js';
import { outerInner } from '../../kernel-kit/layout.js';

/** IndexSelect: slice `index[j]` of x along `axis` becomes slice j of the output. */
export const indexSelectKernel: KernelConfig<'IndexSelect', CpuBackend> = {
  name: 'IndexSelect',
  backend: 'cpu',
  run: ({ x, index }, { axis }, cpu) => {
    const xv = valuesOf(x);
    const iv = valuesOf(index);
    const size = x.shape[axis];
    checkIndexBounds('indexSelect', iv, axis, size);
    const m = iv.length;
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
    const sv = valuesOf(src);
    const iv = valuesOf(index);
    const size = shape[axis];
    checkIndexBounds('indexAdd', iv, axis, size);
    const out = cpu.output(src.dtype, shape);
    const o = out.values;
    const m = iv.length;
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
