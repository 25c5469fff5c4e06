import type { BinaryKernelName } from '../../backend/kernel-names.js';
import type { KernelConfig } from '../../backend/kernel-registry.js';
import type { TypedArray } from '../../tensor/dtype.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';
import { forEachRow } from '../strided.js';
import { binaryRowsWasm, type RowCallback, type VectorBinaryOp } from '../wasm/vector-rows.js';
import { binaryRowsF32 } from './float32-rows.js';

/** One row of a binary op: o[io + i] = f(a[ia + i*sa], b[ib + i*sb]). */
type Row = (o: TypedArray, a: TypedArray, b: TypedArray, io: number, ia: number, ib: number, n: number, sa: number, sb: number) => void;

// Each op gets its own tight loop; the strided driver calls it once per row.
const rows: Record<BinaryKernelName, Row> = {
  Add: (o, a, b, io, ia, ib, n, sa, sb) => { for (let i = 0; i < n; i++, ia += sa, ib += sb) o[io + i] = a[ia] + b[ib]; },
  Sub: (o, a, b, io, ia, ib, n, sa, sb) => { for (let i = 0; i < n; i++, ia += sa, ib += sb) o[io + i] = a[ia] - b[ib]; },
  Mul: (o, a, b, io, ia, ib, n, sa, sb) => { for (let i = 0; i < n; i++, ia += sa, ib += sb) o[io + i] = a[ia] * b[ib]; },
  Div: (o, a, b, io, ia, ib, n, sa, sb) => { for (let i = 0; i < n; i++, ia += sa, ib += sb) o[io + i] = a[ia] / b[ib]; },
  Maximum: (o, a, b, io, ia, ib, n, sa, sb) => {
    for (let i = 0; i < n; i++, ia += sa, ib += sb) { const x = a[ia], y = b[ib]; o[io + i] = x > y || x !== x ? x : y; }
  },
  Minimum: (o, a, b, io, ia, ib, n, sa, sb) => {
    for (let i = 0; i < n; i++, ia += sa, ib += sb) { const x = a[ia], y = b[ib]; o[io + i] = x < y || x !== x ? x : y; }
  },
  Pow: (o, a, b, io, ia, ib, n, sa, sb) => { for (let i = 0; i < n; i++, ia += sa, ib += sb) o[io + i] = Math.pow(a[ia], b[ib]); },
  Equal: (o, a, b, io, ia, ib, n, sa, sb) => { for (let i = 0; i < n; i++, ia += sa, ib += sb) o[io + i] = a[ia] === b[ib] ? 1 : 0; },
  NotEqual: (o, a, b, io, ia, ib, n, sa, sb) => { for (let i = 0; i < n; i++, ia += sa, ib += sb) o[io + i] = a[ia] !== b[ib] ? 1 : 0; },
  Greater: (o, a, b, io, ia, ib, n, sa, sb) => { for (let i = 0; i < n; i++, ia += sa, ib += sb) o[io + i] = a[ia] > b[ib] ? 1 : 0; },
  GreaterEqual: (o, a, b, io, ia, ib, n, sa, sb) => { for (let i = 0; i < n; i++, ia += sa, ib += sb) o[io + i] = a[ia] >= b[ib] ? 1 : 0; },
  Less: (o, a, b, io, ia, ib, n, sa, sb) => { for (let i = 0; i < n; i++, ia += sa, ib += sb) o[io + i] = a[ia] < b[ib] ? 1 : 0; },
  LessEqual: (o, a, b, io, ia, ib, n, sa, sb) => { for (let i = 0; i < n; i++, ia += sa, ib += sb) o[io + i] = a[ia] <= b[ib] ? 1 : 0; },
  LogicalAnd: (o, a, b, io, ia, ib, n, sa, sb) => { for (let i = 0; i < n; i++, ia += sa, ib += sb) o[io + i] = a[ia] && b[ib] ? 1 : 0; },
  LogicalOr: (o, a, b, io, ia, ib, n, sa, sb) => { for (let i = 0; i < n; i++, ia += sa, ib += sb) o[io + i] = a[ia] || b[ib] ? 1 : 0; },
};

/** The ops with WebAssembly vector kernels (`wasm/vector-rows.ts`), used when every operand is in the tensor heap. */
const VECTOR_OPS: Partial<Record<BinaryKernelName, VectorBinaryOp>> = { Add: 'add', Sub: 'sub', Mul: 'mul', Div: 'div' };

const PREDICATES = new Set<BinaryKernelName>(['Equal', 'NotEqual', 'Greater', 'GreaterEqual', 'Less', 'LessEqual', 'LogicalAnd', 'LogicalOr']);

function binaryKernel(name: BinaryKernelName): KernelConfig<BinaryKernelName, CpuBackend> {
  const row = rows[name];
  const bool = PREDICATES.has(name);
  const f32 = binaryRowsF32[name];
  const vectorOp = VECTOR_OPS[name];
  return {
    name,
    backend: 'cpu',
    run: ({ a, b }, { outShape }, cpu) => {
      const out = cpu.outputToOverwrite(bool ? 'bool' : a.dtype, outShape);
      const av = valuesOf(a);
      const bv = valuesOf(b);
      const o = out.values;
      if (f32 && o instanceof Float32Array && av instanceof Float32Array && bv instanceof Float32Array) {
        const js: RowCallback = (io, offs, n, steps) => f32(o, av, bv, io, offs[0], offs[1], n, steps[0], steps[1]);
        forEachRow(outShape, [a, b], (vectorOp && binaryRowsWasm(vectorOp, o, av, bv, js)) ?? js);
        return out;
      }
      forEachRow(outShape, [a, b], (io, offs, n, steps) => row(out.values, av, bv, io, offs[0], offs[1], n, steps[0], steps[1]));
      return out;
    },
  };
}

export const binaryKernels = (Object.keys(rows) as BinaryKernelName[]).map(binaryKernel);
