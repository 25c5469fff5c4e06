import type { KernelConfig } from '../../backend/kernel-registry.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';
import { checkIndexBounds } from './index-bounds.js';
import { contiguousStrides } from '../../tensor/shape.js';

/**
 * ScatterAdd, the adjoint of Gather: zeros of `shape`, then for every element of `index`,
 * `out[i with coordinate axis replaced by index[i]] += src[i]`. `src` is at least index's size
 * in every dimension; only index's extent of it is read, as in torch.scatter_add.
 */
export const scatterAddKernel: KernelConfig<'ScatterAdd', CpuBackend> = {
  name: 'ScatterAdd',
  backend: 'cpu',
  run: ({ index, src }, { axis, shape }, cpu) => {
    const iv = valuesOf(index);
    const sv = valuesOf(src);
    checkIndexBounds('scatterAdd', iv, axis, shape[axis]);
    const out = cpu.output(src.dtype, shape);
    const o = out.values;
    if (iv.length === 0) return out;
    const rank = index.shape.length;
    const os = contiguousStrides(shape);
    const ss = contiguousStrides(src.shape);
    const ishape = index.shape;
    const coord = new Array<number>(rank).fill(0);
    const last = rank - 1;
    const n = ishape[last];
    const axisStride = os[axis];
    const oStep = last === axis ? 0 : os[last];
    const sStep = ss[last];
    let oBase = 0;
    let sBase = 0;
    for (let i = 0; i < iv.length; i += n) {
      let ob = oBase;
      let sb = sBase;
      for (let j = 0; j < n; j++, ob += oStep, sb += sStep) o[ob + iv[i + j] * axisStride] += sv[sb];
      for (let d = last - 1; d >= 0; d--) {
        const so = d === axis ? 0 : os[d];
        if (++coord[d] < ishape[d]) {
          oBase += so;
          sBase += ss[d];
          break;
        }
        oBase -= so * (coord[d] - 1);
        sBase -= ss[d] * (coord[d] - 1);
        coord[d] = 0;
      }
    }
    return out;
  },
};
