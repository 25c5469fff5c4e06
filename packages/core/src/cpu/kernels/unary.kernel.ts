import type { UnaryKernelName } from '../../backend/kernel-names.js';
import type { KernelConfig } from '../../backend/kernel-registry.js';
import type { TypedArray } from '../../tensor/dtype.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';
import { forEachRow } from '../strided.js';
import { erf } from './erf.js';
import { unaryRowsWasm, type RowCallback } from '../wasm/vector-rows.js';
import { unaryRowsF32 } from './float32-rows.js';

/** One row of a unary op: o[io + i] = f(x[ix + i*sx]). */
type Row = (o: TypedArray, x: TypedArray, io: number, ix: number, n: number, sx: number) => void;

/** Round half to even, as PyTorch's `round`. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Every unary kernel but Relu (`relu.kernel.ts`). */
const rows: Record<Exclude<UnaryKernelName, 'Relu'>, Row> = {
  Neg: (o, x, io, ix, n, sx) => { for (let i = 0; i < n; i++, ix += sx) o[io + i] = -x[ix]; },
  Abs: (o, x, io, ix, n, sx) => { for (let i = 0; i < n; i++, ix += sx) o[io + i] = Math.abs(x[ix]); },
  Exp: (o, x, io, ix, n, sx) => { for (let i = 0; i < n; i++, ix += sx) o[io + i] = Math.exp(x[ix]); },
  Log: (o, x, io, ix, n, sx) => { for (let i = 0; i < n; i++, ix += sx) o[io + i] = Math.log(x[ix]); },
  Sqrt: (o, x, io, ix, n, sx) => { for (let i = 0; i < n; i++, ix += sx) o[io + i] = Math.sqrt(x[ix]); },
  Rsqrt: (o, x, io, ix, n, sx) => { for (let i = 0; i < n; i++, ix += sx) o[io + i] = 1 / Math.sqrt(x[ix]); },
  Tanh: (o, x, io, ix, n, sx) => { for (let i = 0; i < n; i++, ix += sx) o[io + i] = Math.tanh(x[ix]); },
  Sigmoid: (o, x, io, ix, n, sx) => { for (let i = 0; i < n; i++, ix += sx) o[io + i] = 1 / (1 + Math.exp(-x[ix])); },
  Erf: (o, x, io, ix, n, sx) => { for (let i = 0; i < n; i++, ix += sx) o[io + i] = erf(x[ix]); },
  Sign: (o, x, io, ix, n, sx) => { for (let i = 0; i < n; i++, ix += sx) o[io + i] = Math.sign(x[ix]); },
  Sin: (o, x, io, ix, n, sx) => { for (let i = 0; i < n; i++, ix += sx) o[io + i] = Math.sin(x[ix]); },
  Cos: (o, x, io, ix, n, sx) => { for (let i = 0; i < n; i++, ix += sx) o[io + i] = Math.cos(x[ix]); },
  Floor: (o, x, io, ix, n, sx) => { for (let i = 0; i < n; i++, ix += sx) o[io + i] = Math.floor(x[ix]); },
  Ceil: (o, x, io, ix, n, sx) => { for (let i = 0; i < n; i++, ix += sx) o[io + i] = Math.ceil(x[ix]); },
  Round: (o, x, io, ix, n, sx) => { for (let i = 0; i < n; i++, ix += sx) o[io + i] = roundHalfEven(x[ix]); },
  LogicalNot: (o, x, io, ix, n, sx) => { for (let i = 0; i < n; i++, ix += sx) o[io + i] = x[ix] ? 0 : 1; },
  Copy: (o, x, io, ix, n, sx) => {
    if (sx === 1) o.set(x.subarray(ix, ix + n), io);
    else for (let i = 0; i < n; i++, ix += sx) o[io + i] = x[ix];
  },
};

function unaryKernel(name: Exclude<UnaryKernelName, 'Relu'>): KernelConfig<UnaryKernelName, CpuBackend> {
  const row = rows[name];
  const f32 = unaryRowsF32[name];
  return {
    name,
    backend: 'cpu',
    run: ({ x }, _attrs, cpu) => {
      const out = cpu.outputToOverwrite(x.dtype, x.shape);
      const xv = valuesOf(x);
      const o = out.values;
      if (f32 && o instanceof Float32Array && xv instanceof Float32Array) {
        const js: RowCallback = (io, offs, n, steps) => f32(o, xv, io, offs[0], n, steps[0]);
        forEachRow(x.shape, [x], (name === 'Neg' && unaryRowsWasm('neg', o, xv, js)) || js);
        return out;
      }
      forEachRow(x.shape, [x], (io, offs, n, steps) => row(out.values, xv, io, offs[0], n, steps[0]));
      return out;
    },
  };
}

export const unaryKernels = (Object.keys(rows) as Array<Exclude<UnaryKernelName, 'Relu'>>).map(unaryKernel);
