import type { DType, TypedArray } from '../tensor/dtype.js';
import { allocArray, dtypeOfArray } from '../tensor/dtype.js';
import { DTypeError, ShapeError, fmtShape } from '../tensor/errors.js';
import { flattenNested, type NestedData } from '../tensor/nested.js';
import { assertValidShape, contiguousStrides, sizeOf, type Shape } from '../tensor/shape.js';
import { Storage } from '../tensor/storage.js';
import { Tensor } from '../tensor/tensor.js';
import { getBackend, getDefaultDevice } from '../backend/devices.js';
import { runKernel } from './dispatch.js';

export interface TensorOptions {
  dtype?: DType;
  /** `'cpu'` (default), `'webgpu'`, `'webgpu:1'`, ... */
  device?: string;
  requiresGrad?: boolean;
}

function finish(t: Tensor, opts: TensorOptions): Tensor {
  if (opts.requiresGrad) t.requiresGrad = true;
  return t;
}

/** Uploads host values of `shape` as a new dense tensor. */
export function fromValues(values: TypedArray, shape: Shape, opts: TensorOptions = {}): Tensor {
  const dtype = opts.dtype ?? dtypeOfArray(values);
  if (sizeOf(shape) !== values.length) {
    throw new ShapeError(`tensor: ${values.length} values do not fill shape ${fmtShape(shape)} (${sizeOf(shape)} elements)`);
  }
  const backend = getBackend(opts.device ?? getDefaultDevice());
  const typed = dtypeOfArray(values) === dtype ? values : convert(values, dtype);
  const storage = new Storage(backend, backend.upload(typed, dtype), dtype, typed.length);
  return finish(new Tensor(storage, [...shape], contiguousStrides(shape), 0, dtype), opts);
}

function convert(values: ArrayLike<number>, dtype: DType): TypedArray {
  const out = allocArray(dtype, values.length);
  if (dtype === 'bool') for (let i = 0; i < values.length; i++) out[i] = values[i] ? 1 : 0;
  else if (dtype === 'int32') for (let i = 0; i < values.length; i++) out[i] = Math.trunc(values[i]);
  else out.set(values);
  return out;
}

/**
 * Makes a tensor from a number, nested arrays or a TypedArray (with `shape`), like
 * `torch.tensor`. Numbers default to float32, booleans to bool, TypedArrays keep their type.
 */
export function tensor(
  data: NestedData | TypedArray,
  opts: TensorOptions & { shape?: Shape } = {},
): Tensor {
  if (ArrayBuffer.isView(data)) {
    const values = data as TypedArray;
    return fromValues(values, opts.shape ?? [values.length], opts);
  }
  const { shape, values, isBool } = flattenNested(data as NestedData);
  const dtype = opts.dtype ?? (isBool ? 'bool' : 'float32');
  if (dtype === 'int32' && values.some((v) => !Number.isInteger(v))) {
    throw new DTypeError(`tensor: non-integer values cannot be stored as int32`);
  }
  return fromValues(convert(values, dtype), opts.shape ?? shape, { ...opts, dtype });
}

/** A rank-0 tensor. */
export const scalar = (value: number, opts: TensorOptions = {}): Tensor => full([], value, opts);

/** A tensor of `shape` filled with `value`. */
export function full(shape: Shape, value: number, opts: TensorOptions = {}): Tensor {
  assertValidShape('full', shape);
  const t = runKernel('Fill', {}, { shape: [...shape], dtype: opts.dtype ?? 'float32', value }, opts.device ?? getDefaultDevice());
  return finish(t, opts);
}

export const zeros = (shape: Shape, opts: TensorOptions = {}): Tensor => (assertValidShape('zeros', shape), full(shape, 0, opts));
export const ones = (shape: Shape, opts: TensorOptions = {}): Tensor => (assertValidShape('ones', shape), full(shape, 1, opts));

const like = (t: Tensor, opts: TensorOptions): TensorOptions => ({ dtype: t.dtype, device: t.device, ...opts });
export const zerosLike = (t: Tensor, opts: TensorOptions = {}): Tensor => full(t.shape, 0, like(t, opts));
export const onesLike = (t: Tensor, opts: TensorOptions = {}): Tensor => full(t.shape, 1, like(t, opts));
export const fullLike = (t: Tensor, value: number, opts: TensorOptions = {}): Tensor => full(t.shape, value, like(t, opts));

/** `[start, end)` in steps of `step`, like `torch.arange`; int32 when all arguments are integers. */
export function arange(start: number, end?: number, step = 1, opts: TensorOptions = {}): Tensor {
  if (end === undefined) [start, end] = [0, start];
  if (step === 0) throw new RangeError('arange: step must be nonzero');
  const n = Math.max(0, Math.ceil((end - start) / step));
  const ints = [start, end, step].every(Number.isInteger);
  const dtype = opts.dtype ?? (ints ? 'int32' : 'float32');
  const values = allocArray(dtype, n);
  for (let i = 0; i < n; i++) values[i] = start + i * step;
  return fromValues(values, [n], { ...opts, dtype });
}

/** `steps` evenly spaced values from `start` to `end` inclusive. */
export function linspace(start: number, end: number, steps: number, opts: TensorOptions = {}): Tensor {
  const dtype = opts.dtype ?? 'float32';
  const values = allocArray(dtype, steps);
  const delta = steps > 1 ? (end - start) / (steps - 1) : 0;
  for (let i = 0; i < steps; i++) values[i] = i === steps - 1 && steps > 1 ? end : start + i * delta;
  return fromValues(values, [steps], { ...opts, dtype });
}

/** The `n` x `m` identity. */
export function eye(n: number, m = n, opts: TensorOptions = {}): Tensor {
  const dtype = opts.dtype ?? 'float32';
  const values = allocArray(dtype, n * m);
  for (let i = 0; i < Math.min(n, m); i++) values[i * m + i] = 1;
  return fromValues(values, [n, m], { ...opts, dtype });
}
