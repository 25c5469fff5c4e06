import type { ReduceKernelName } from '../../backend/kernel-names.js';
import type { KernelConfig } from '../../backend/kernel-registry.js';
import type { TypedArray } from '../../tensor/dtype.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';
import { sizeOf } from '../../tensor/shape.js';
import { heapAddresses, reduceKernelsFor, wasmReduce } from '../wasm/reduce-wasm.js';

/**
 * Reductions over a set of axes of a dense input, one run of consecutive axes at a time (last
 * run first): each stage is the loop `[outer, R, inner]`, which streams memory in order, and
 * stages after the first read the previous stage's float64 result. When inner is 1 (the run
 * ends at the last axis) each output folds one contiguous row. Sums accumulate in float64 so
 * float32 results do not depend on R's size.
 */
type Accumulate = (acc: Float64Array, x: TypedArray, at: number, inner: number) => void;
type Fold = (x: TypedArray, at: number, n: number) => number;

interface Reducer {
  readonly init: number;
  readonly step: Accumulate;
  readonly fold: Fold;
}

const reducers: Record<ReduceKernelName, Reducer> = {
  Sum: {
    init: 0,
    step: (acc, x, at, n) => { for (let k = 0; k < n; k++) acc[k] += x[at + k]; },
    fold: (x, at, n) => { let s = 0; for (let k = 0; k < n; k++) s += x[at + k]; return s; },
  },
  Prod: {
    init: 1,
    step: (acc, x, at, n) => { for (let k = 0; k < n; k++) acc[k] *= x[at + k]; },
    fold: (x, at, n) => { let s = 1; for (let k = 0; k < n; k++) s *= x[at + k]; return s; },
  },
  Max: {
    init: -Infinity,
    step: (acc, x, at, n) => { for (let k = 0; k < n; k++) { const v = x[at + k]; if (v > acc[k] || v !== v) acc[k] = v; } },
    fold: (x, at, n) => { let s = -Infinity; for (let k = 0; k < n; k++) { const v = x[at + k]; if (v > s || v !== v) s = v; } return s; },
  },
  Min: {
    init: Infinity,
    step: (acc, x, at, n) => { for (let k = 0; k < n; k++) { const v = x[at + k]; if (v < acc[k] || v !== v) acc[k] = v; } },
    fold: (x, at, n) => { let s = Infinity; for (let k = 0; k < n; k++) { const v = x[at + k]; if (v < s || v !== v) s = v; } return s; },
  },
};

/** Sorted axes split into runs of consecutive axes: [0, 2, 3] gives [[0], [2, 3]]. */
function axisRuns(axes: readonly number[]): number[][] {
  const runs: number[][] = [];
  for (const a of [...axes].sort((p, q) => p - q)) {
    const last = runs[runs.length - 1];
    if (last && last[last.length - 1] === a - 1) last.push(a);
    else runs.push([a]);
  }
  return runs;
}

/** Reduces axes first..last of a dense `shape` from `src` into `dst` (row-major, those axes removed). */
function reduceRun(r: Reducer, src: TypedArray, shape: readonly number[], first: number, last: number, dst: TypedArray): void {
  let outer = 1, len = 1, inner = 1;
  shape.forEach((d, i) => (i < first ? (outer *= d) : i <= last ? (len *= d) : (inner *= d)));
  if (inner === 1) {
    for (let o = 0; o < outer; o++) dst[o] = r.fold(src, o * len, len);
    return;
  }
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(r.init);
    for (let j = 0, at = o * len * inner; j < len; j++, at += inner) r.step(acc, src, at, inner);
    dst.set(acc, o * inner);
  }
}

const addresses = [0, 0];

/**
 * Sum or Max of float32 over one run of axes [first, last] with the WASM kernels, when the input
 * and the output are in the tensor heap; false (nothing written) otherwise. The middle-axis
 * kernels add in the JS order (bit-identical), the row kernels in a fixed eight-lane order.
 */
function reduceInWasm(name: ReduceKernelName, src: TypedArray, shape: readonly number[], first: number, last: number, dst: TypedArray): boolean {
  if ((name !== 'Sum' && name !== 'Max') || dst.length === 0) return false;
  const operands = [src, dst];
  const k = reduceKernelsFor(operands, operands, addresses);
  if (!k) return false;
  let outer = 1, len = 1, inner = 1;
  for (let i = 0; i < shape.length; i++) {
    if (i < first) outer *= shape[i];
    else if (i <= last) len *= shape[i];
    else inner *= shape[i];
  }
  const [at, out] = addresses;
  if (inner === 1) (name === 'Sum' ? k.sumRows : k.maxRows)(at, outer, len, out);
  else (name === 'Sum' ? k.sumMiddle : k.maxMiddle)(at, outer, len, inner, out);
  return true;
}

/**
 * The first stage of a multi-run Sum whose last run ends at the last axis (a conv bias gradient
 * sums [0, 2, 3]): the float64 row sums of `src` into a heap array the caller gives back, or
 * null for the JS path.
 */
function rowSumsInWasm(src: TypedArray, rows: number, cols: number): Float64Array | null {
  if (!(src instanceof Float32Array) || rows === 0) return null;
  const wasm = wasmReduce();
  const sums = wasm?.heap.take('float64', rows, false);
  if (!wasm || !sums) return null;
  if (!heapAddresses(wasm.heap, [src, sums], addresses)) {
    wasm.heap.give(sums);
    return null;
  }
  wasm.kernels.sumRows64(addresses[0], rows, cols, addresses[1]);
  return sums as Float64Array;
}

function reduceKernel(name: ReduceKernelName): KernelConfig<ReduceKernelName, CpuBackend> {
  const reducer = reducers[name];
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
      const runs = axisRuns(axes);
      let shape = [...x.shape];
      let src: TypedArray = x.offset === 0 ? valuesOf(x) : valuesOf(x).subarray(x.offset);
      let staged: Float64Array | null = null;
      for (let i = runs.length - 1; i >= 0; i--) {
        const first = runs[i][0];
        const last = runs[i][runs[i].length - 1];
        const rest = shape.filter((_, d) => d < first || d > last);
        const restSize = sizeOf(rest);
        const firstOfMany = i > 0 && i === runs.length - 1 && name === 'Sum' && last === shape.length - 1;
        const sums = firstOfMany ? rowSumsInWasm(src, restSize, sizeOf(shape.slice(first))) : null;
        const dst = sums ?? (i === 0 ? out.values : new Float64Array(restSize));
        if (sums) staged = sums;
        else if (!reduceInWasm(name, src, shape, first, last, dst)) reduceRun(reducer, src, shape, first, last, dst);
        shape = rest;
        src = dst;
      }
      if (staged) wasmReduce()?.heap.give(staged);
      return out;
    },
  };
}

export const reduceKernels = (Object.keys(reducers) as ReduceKernelName[]).map(reduceKernel);
