import type { KernelConfig } from '../../backend/kernel-registry.js';
import type { TypedArray } from '../../tensor/dtype.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';
import { reduceKernelsFor, type ReduceExports } from '../wasm/reduce-wasm.js';

/**
 * Softmax and log-softmax over the last axis, forward and backward, in one kernel each. The JS
 * rows do exactly what the composite ops do (max, f32 x - m, Math.exp rounded to float32, a
 * float64 sum rounded to float32, one division or log), so switching the op layer to these
 * kernels changed no result; the WASM rows (`wasm/softmax-wat.ts`) use a vector exp within
 * 1 ulp of Math.exp and an eight-lane float64 sum, so they differ from the JS rows by a few
 * ulp. Both paths run row by row in a fixed order on one thread.
 */
const fround = Math.fround;

function rowMax(x: TypedArray, at: number, n: number): number {
  let m = -Infinity;
  for (let k = 0; k < n; k++) {
    const v = x[at + k];
    if (v > m || v !== v) m = v;
  }
  return m;
}

function softmaxRow(x: TypedArray, y: TypedArray, ix: number, iy: number, n: number, log: boolean): void {
  const m = rowMax(x, ix, n);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const e = fround(Math.exp(fround(x[ix + k] - m)));
    if (!log) y[iy + k] = e;
    sum += e;
  }
  const s = fround(sum);
  if (log) {
    const l = fround(Math.log(s));
    for (let k = 0; k < n; k++) y[iy + k] = fround(x[ix + k] - m) - l;
  } else {
    for (let k = 0; k < n; k++) y[iy + k] /= s;
  }
}

function softmaxGradRow(y: TypedArray, dy: TypedArray, dx: TypedArray, iy: number, id: number, io: number, n: number, log: boolean): void {
  let sum = 0;
  for (let k = 0; k < n; k++) sum += log ? dy[id + k] : fround(dy[id + k] * y[iy + k]);
  const s = fround(sum);
  if (log) for (let k = 0; k < n; k++) dx[io + k] = fround(dy[id + k] - fround(fround(Math.exp(y[iy + k])) * s));
  else for (let k = 0; k < n; k++) dx[io + k] = fround(y[iy + k] * fround(dy[id + k] - s));
}

const addresses = [0, 0, 0];

/** The WASM kernels when every operand is float32 in the tensor heap, their byte addresses in `addresses`. */
const inHeap = (arrays: readonly TypedArray[]): ReduceExports | null => reduceKernelsFor(arrays, arrays, addresses);

function forwardKernel(name: 'Softmax' | 'LogSoftmax'): KernelConfig<'Softmax' | 'LogSoftmax', CpuBackend> {
  const log = name === 'LogSoftmax';
  return {
    name,
    backend: 'cpu',
    run: ({ x }, _attrs, cpu) => {
      const out = cpu.outputToOverwrite(x.dtype, x.shape);
      const cols = x.shape.length === 0 ? 1 : x.shape[x.shape.length - 1];
      const rows = cols === 0 ? 0 : out.values.length / cols;
      const xv = valuesOf(x);
      const k = rows > 0 ? inHeap([xv, out.values]) : null;
      if (k) (log ? k.logSoftmax : k.softmax)(addresses[0] + 4 * x.offset, rows, cols, addresses[1]);
      else for (let r = 0; r < rows; r++) softmaxRow(xv, out.values, x.offset + r * cols, r * cols, cols, log);
      return out;
    },
  };
}

function gradKernel(name: 'SoftmaxGrad' | 'LogSoftmaxGrad'): KernelConfig<'SoftmaxGrad' | 'LogSoftmaxGrad', CpuBackend> {
  const log = name === 'LogSoftmaxGrad';
  return {
    name,
    backend: 'cpu',
    run: ({ dy, y }, _attrs, cpu) => {
      const out = cpu.outputToOverwrite(dy.dtype, dy.shape);
      const cols = dy.shape.length === 0 ? 1 : dy.shape[dy.shape.length - 1];
      const rows = cols === 0 ? 0 : out.values.length / cols;
      const [yv, dv, o] = [valuesOf(y), valuesOf(dy), out.values];
      const k = rows > 0 ? inHeap([yv, dv, o]) : null;
      if (k) (log ? k.logSoftmaxGrad : k.softmaxGrad)(addresses[0] + 4 * y.offset, addresses[1] + 4 * dy.offset, rows, cols, addresses[2]);
      else for (let r = 0; r < rows; r++) softmaxGradRow(yv, dv, o, y.offset + r * cols, dy.offset + r * cols, r * cols, cols, log);
      return out;
    },
  };
}

export const softmaxKernel = forwardKernel('Softmax');
export const logSoftmaxKernel = forwardKernel('LogSoftmax');
export const softmaxGradKernel = gradKernel('SoftmaxGrad');
export const logSoftmaxGradKernel = gradKernel('LogSoftmaxGrad');
