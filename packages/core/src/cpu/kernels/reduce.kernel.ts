import type { TensorInfo } from '../../backend/backend.js';
import type { ReduceKernelName } from '../../backend/kernel-names.js';
import type { KernelConfig } from '../../backend/kernel-registry.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { contiguousStrides } from '../../tensor/shape.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';
import { forEachRow } from '../strided.js';

/**
 * Reductions over a set of axes of a dense input. The reduced axes are first made one
 * contiguous block (a permuted copy when they are not), so every reduction is the loop
 * `[outer, R, inner]`: for each outer, accumulate R rows of length `inner`, which streams
 * memory in order. Sums accumulate in float64 so float32 results do not depend on R's size.
 */
type Accumulate = (acc: Float64Array, x: TypedArray, at: number, inner: number) => void;

interface Reducer {
  readonly init: number;
  readonly step: Accumulate;
}

const reducers: Record<ReduceKernelName, Reducer> = {
  Sum: { init: 0, step: (acc, x, at, n) => { for (let k = 0; k < n; k++) acc[k] += x[at + k]; } },
  Prod: { init: 1, step: (acc, x, at, n) => { for (let k = 0; k < n; k++) acc[k] *= x[at + k]; } },
  Max: {
    init: -Infinity,
    step: (acc, x, at, n) => { for (let k = 0; k < n; k++) { const v = x[at + k]; if (v > acc[k] || v !== v) acc[k] = v; } },
  },
  Min: {
    init: Infinity,
    step: (acc, x, at, n) => { for (let k = 0; k < n; k++) { const v = x[at + k]; if (v < acc[k] || v !== v) acc[k] = v; } },
  },
};

/** Moves `axes` to one block at the end when they are not already a block. */
function asBlock(x: TensorInfo, axes: readonly number[]): { values: TypedArray; shape: number[]; first: number; last: number } {
  const values = valuesOf(x);
  const isBlock = axes.every((a, i) => i === 0 || a === axes[i - 1] + 1);
  if (isBlock) return { values, shape: [...x.shape], first: axes[0], last: axes[axes.length - 1] };
  const keep = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const order = [...keep, ...axes];
  const shape = order.map((i) => x.shape[i]);
  const strides = order.map((i) => x.strides[i]);
  const dense = new (values.constructor as new (n: number) => TypedArray)(values.length);
  const view: TensorInfo = { ...x, shape, strides };
  forEachRow(shape, [view], (io, offs, n, steps) => {
    for (let i = 0, ix = offs[0]; i < n; i++, ix += steps[0]) dense[io + i] = values[ix];
  });
  return { values: dense, shape, first: keep.length, last: shape.length - 1 };
}

function reduceKernel(name: ReduceKernelName): KernelConfig<ReduceKernelName, CpuBackend> {
  const { init, step } = reducers[name];
  return {
    name,
    backend: 'cpu',
    run: ({ x }, { axes }, cpu) => {
      const outShape = x.shape.filter((_, i) => !axes.includes(i));
      const out = cpu.output(x.dtype, outShape);
      if (axes.length === 0) {
        out.values.set(valuesOf(x).subarray(0, out.values.length));
        return out;
      }
      const { values, shape, first, last } = asBlock({ ...x, strides: contiguousStrides(x.shape) }, axes);
      let outer = 1, r = 1, inner = 1;
      shape.forEach((d, i) => (i < first ? (outer *= d) : i <= last ? (r *= d) : (inner *= d)));
      const acc = new Float64Array(inner);
      for (let o = 0; o < outer; o++) {
        acc.fill(init);
        for (let j = 0, at = o * r * inner; j < r; j++, at += inner) step(acc, values, at, inner);
        out.values.set(acc, o * inner);
      }
      return out;
    },
  };
}

export const reduceKernels = (Object.keys(reducers) as ReduceKernelName[]).map(reduceKernel);
