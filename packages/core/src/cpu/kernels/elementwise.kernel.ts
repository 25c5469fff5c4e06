import type { KernelConfig } from '../../backend/kernel-registry.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';
import { forEachRow } from '../strided.js';

/** Fill, Cast, CopyInto, Where and Clamp: the elementwise kernels with their own shapes of input. */

export const fillKernel: KernelConfig<'Fill', CpuBackend> = {
  name: 'Fill',
  backend: 'cpu',
  run: (_inputs, { shape, dtype, value }, cpu) => {
    const out = cpu.output(dtype, shape);
    if (value !== 0) out.values.fill(dtype === 'bool' ? (value ? 1 : 0) : value);
    return out;
  },
};

export const castKernel: KernelConfig<'Cast', CpuBackend> = {
  name: 'Cast',
  backend: 'cpu',
  run: ({ x }, { dtype }, cpu) => {
    const out = cpu.outputToOverwrite(dtype, x.shape);
    const o = out.values;
    const xv = valuesOf(x);
    const toBool = dtype === 'bool';
    forEachRow(x.shape, [x], (io, offs, n, steps) => {
      let ix = offs[0];
      const sx = steps[0];
      // Typed-array stores truncate toward zero for int32, as PyTorch's cast does.
      if (toBool) for (let i = 0; i < n; i++, ix += sx) o[io + i] = xv[ix] !== 0 ? 1 : 0;
      else for (let i = 0; i < n; i++, ix += sx) o[io + i] = xv[ix];
    });
    return out;
  },
};

export const copyIntoKernel: KernelConfig<'CopyInto', CpuBackend> = {
  name: 'CopyInto',
  backend: 'cpu',
  run: ({ src, dst }) => {
    const sv = valuesOf(src);
    const dv = valuesOf(dst);
    // Source and destination may share a buffer (x.copy_(x.flip())): stage through a copy.
    const from = sv === dv ? sv.slice() : sv;
    forEachRow(dst.shape, [dst, src], (_io, offs, n, steps) => {
      let id = offs[0];
      let is = offs[1];
      const sd = steps[0];
      const ss = steps[1];
      for (let i = 0; i < n; i++, id += sd, is += ss) dv[id] = from[is];
    });
  },
};

export const whereKernel: KernelConfig<'Where', CpuBackend> = {
  name: 'Where',
  backend: 'cpu',
  run: ({ cond, a, b }, { outShape }, cpu) => {
    const out = cpu.outputToOverwrite(a.dtype, outShape);
    const o = out.values;
    const [cv, av, bv] = [valuesOf(cond), valuesOf(a), valuesOf(b)];
    forEachRow(outShape, [cond, a, b], (io, offs, n, steps) => {
      let ic = offs[0], ia = offs[1], ib = offs[2];
      const sc = steps[0], sa = steps[1], sb = steps[2];
      for (let i = 0; i < n; i++, ic += sc, ia += sa, ib += sb) o[io + i] = cv[ic] ? av[ia] : bv[ib];
    });
    return out;
  },
};

export const clampKernel: KernelConfig<'Clamp', CpuBackend> = {
  name: 'Clamp',
  backend: 'cpu',
  run: ({ x }, { min, max }, cpu) => {
    const out = cpu.outputToOverwrite(x.dtype, x.shape);
    const o = out.values;
    const xv = valuesOf(x);
    forEachRow(x.shape, [x], (io, offs, n, steps) => {
      let ix = offs[0];
      const sx = steps[0];
      for (let i = 0; i < n; i++, ix += sx) {
        const v = xv[ix];
        o[io + i] = v < min ? min : v > max ? max : v;
      }
    });
    return out;
  },
};

export const elementwiseKernels = [fillKernel, castKernel, copyIntoKernel, whereKernel, clampKernel];
