import type { ReduceKernelName } from '../backend/kernel-names.js';
import { isFloat } from '../tensor/dtype.js';
import { ShapeError, fmtShape } from '../tensor/errors.js';
import { normalizeAxes, normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { runKernel, sameDevice } from './dispatch.js';
import { record } from './record.js';
import { noGrad } from '../autograd/grad-mode.js';
import { contiguous, cast, exp, log } from './unary.js';
import { add, div, eq, mul, sub } from './binary.js';
import { expand, reshape } from './view.js';

type Dims = number | readonly number[] | undefined;

/** Output shape with the reduced axes kept as 1. */
const keptShape = (shape: readonly number[], axes: readonly number[]): number[] =>
  shape.map((d, i) => (axes.includes(i) ? 1 : d));

function reduce(op: string, kernel: ReduceKernelName, x: Tensor, dims: Dims, keepDim: boolean): { out: Tensor; axes: number[] } {
  sameDevice(op, [x]);
  const axes = normalizeAxes(op, dims, x.ndim);
  const r = runKernel(kernel, { x: contiguous(x) }, { axes });
  const out = keepDim ? reshape(r, keptShape(x.shape, axes)) : r;
  return { out, axes };
}

/** Broadcasts a reduced gradient back over the reduced axes. */
function spread(g: Tensor, shape: readonly number[], axes: readonly number[]): Tensor {
  return expand(reshape(g, keptShape(shape, axes)), shape);
}

/** Sum over `dim` (all dimensions when omitted). Integer and bool inputs sum as int32. */
export function sum(x: Tensor, dim?: Dims, keepDim = false): Tensor {
  const input = x.dtype === 'bool' ? cast(x, 'int32') : x;
  const { out, axes } = reduce('sum', 'Sum', input, dim, keepDim);
  const shape = x.shape;
  return record('sum', [x], out, [], ([g]) => [spread(g, shape, axes)]);
}

/** Mean over `dim` (all dimensions when omitted). */
export function mean(x: Tensor, dim?: Dims, keepDim = false): Tensor {
  if (!isFloat(x.dtype)) throw new ShapeError(`mean: input dtype should be floating point, got ${x.dtype}`);
  const axes = normalizeAxes('mean', dim, x.ndim);
  const count = axes.reduce((n, a) => n * x.shape[a], 1);
  return div(sum(x, axes, keepDim), count);
}

function extreme(op: string, kernel: 'Max' | 'Min', x: Tensor, dim: Dims, keepDim: boolean): Tensor {
  if (x.size === 0) throw new ShapeError(`${op}: expected a non-empty tensor, got ${fmtShape(x.shape)}`);
  const { out, axes } = reduce(op, kernel, x, dim, keepDim);
  const shape = x.shape;
  // The gradient is shared evenly by all elements equal to the extreme, as in PyTorch.
  return record(op, [x], out, [x, out], ([g], [sx, so]) => {
    const mask = cast(eq(sx, spread(so, shape, axes)), g.dtype);
    const count = spread(sum(mask, axes, false), shape, axes);
    return [div(mul(spread(g, shape, axes), mask), count)];
  });
}

/** Largest value over `dim` (all when omitted). */
export const amax = (x: Tensor, dim?: Dims, keepDim = false): Tensor => extreme('amax', 'Max', x, dim, keepDim);
/** Smallest value over `dim` (all when omitted). */
export const amin = (x: Tensor, dim?: Dims, keepDim = false): Tensor => extreme('amin', 'Min', x, dim, keepDim);

function argExtreme(op: string, kernel: 'ArgMax' | 'ArgMin', x: Tensor, dim: number | undefined, keepDim: boolean): Tensor {
  sameDevice(op, [x]);
  if (x.size === 0) throw new ShapeError(`${op}: expected a non-empty tensor, got ${fmtShape(x.shape)}`);
  if (dim === undefined) return runKernel(kernel, { x: reshape(contiguous(x), [x.size]) }, { axis: 0 });
  const axis = normalizeAxis(op, dim, x.ndim);
  const r = runKernel(kernel, { x: contiguous(x) }, { axis });
  return keepDim ? reshape(r, keptShape(x.shape, [axis])) : r;
}

/** Index of the first largest value along `dim` (of the flattened tensor when omitted), int32. */
export const argmax = (x: Tensor, dim?: number, keepDim = false): Tensor => argExtreme('argmax', 'ArgMax', x, dim, keepDim);
export const argmin = (x: Tensor, dim?: number, keepDim = false): Tensor => argExtreme('argmin', 'ArgMin', x, dim, keepDim);

/** `log(sum(exp(x)))` over `dim`, computed stably around the maximum. */
export function logsumexp(x: Tensor, dim: Dims, keepDim = false): Tensor {
  const m = noGrad(() => amax(x, dim, true));
  const out = add(log(sum(exp(sub(x, m)), dim, true)), m);
  m.dispose();
  const axes = normalizeAxes('logsumexp', dim, x.ndim);
  return keepDim ? out : reshape(out, x.shape.filter((_, i) => !axes.includes(i)));
}

/** Variance over `dim`; `correction: 1` (default) is the unbiased estimator. */
export function variance(x: Tensor, dim?: Dims, keepDim = false, correction = 1): Tensor {
  const axes = normalizeAxes('var', dim, x.ndim);
  const n = axes.reduce((k, a) => k * x.shape[a], 1);
  const centered = sub(x, mean(x, axes, true));
  return div(sum(mul(centered, centered), axes, keepDim), Math.max(0, n - correction));
}

/** Standard deviation over `dim`. */
export function std(x: Tensor, dim?: Dims, keepDim = false, correction = 1): Tensor {
  return variance(x, dim, keepDim, correction).sqrt();
}
