import type { KernelConfig } from '../../backend/kernel-registry.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';
import { checkIndexBounds } from './index-bounds.js';
import { contiguousStrides } from '../../tensor/shape.js';

/**
 * Gather (torch.gather): `out[i] = x[i with coordinate axis replaced by index[i]]`. `index` has
 * x's rank and is no larger than x in the other dimensions, so the output has index's shape.
 */
export const gatherKernel: KernelConfig<'Gather', CpuBackend> = {
  name: 'Gather',
  backend: 'cpu',
  run: ({ x, index }, { axis }, cpu) => {
    const xv = valuesOf(x);
    const iv = valuesOf(index);
    checkIndexBounds('gather', iv, axis, x.shape[axis]);
    const out = cpu.output(x.dtype, index.shape);
    const o = out.values;
    const rank = index.shape.length;
    if (iv.length === 0) return out;
    const xs = contiguousStrides(x.shape);
    const shape = index.shape;
    const coord = new Array<number>(rank).fill(0);
    // `base` is x's offset of the current coordinate without the axis term.
    let base = 0;
    const last = rank - 1;
    const axisStride = xs[axis];
    const n = shape[last];
    const step = last === axis ? 0 : xs[last];
    for (let i = 0; i < iv.length; i += n) {
      let b = base;
      for (let j = 0; j < n; j++, b += step) o[i + j] = xv[b + iv[i + j] * axisStride];
      // Advance the coordinate over all but the innermost dimension.
      for (let d = last - 1; d >= 0; d--) {
        const s = d === axis ? 0 : xs[d];
        if (++coord[d] < shape[d]) {
          base += s;
          break;
        }
        base -= s * (coord[d] - 1);
        coord[d] = 0;
      }
    }
    return out;
  },
};
