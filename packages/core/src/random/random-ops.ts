import type { DType, TypedArray } from '../tensor/dtype.js';
import { DTypeError } from '../tensor/errors.js';
import { assertValidShape, sizeOf, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { fromValues, type TensorOptions } from '../ops/creation.js';
import { lt } from '../ops/binary.js';
import { cast } from '../ops/unary.js';
import { defaultGenerator, type Generator } from './generator.js';
import { deviceBernoulli, deviceRandint, deviceUniform } from './device-draws.js';
import {
  bernoulliValues, normalValues, permutationValues, randintValues, uniformValues, type FloatDType,
} from './sampling.js';

/** Tensor options plus the generator to draw from (the default generator when absent). */
export interface RandomOptions extends TensorOptions {
  generator?: Generator;
}

function floatDType(op: string, dtype: DType | undefined): FloatDType {
  const d = dtype ?? 'float32';
  if (d !== 'float32' && d !== 'float64') {
    throw new DTypeError(`${op}: expected a float dtype (float32 or float64), got ${d}`);
  }
  return d;
}

/** Uniform values in [0, 1), like `torch.rand`. float32 unless `opts.dtype` is float64. */
export function rand(shape: Shape, opts: RandomOptions = {}): Tensor {
  assertValidShape('rand', shape);
  const dtype = floatDType('rand', opts.dtype);
  const gen = opts.generator ?? defaultGenerator;
  const made = dtype === 'float32' ? deviceUniform(gen, shape, opts.device) : null;
  if (made) return withGrad(made, opts);
  return fromValues(uniformValues(gen, sizeOf(shape), dtype), shape, { ...opts, dtype });
}

/** Standard normal values, like `torch.randn`. float32 unless `opts.dtype` is float64. */
export function randn(shape: Shape, opts: RandomOptions = {}): Tensor {
  assertValidShape('randn', shape);
  const dtype = floatDType('randn', opts.dtype);
  const gen = opts.generator ?? defaultGenerator;
  return fromValues(normalValues(gen, sizeOf(shape), dtype), shape, { ...opts, dtype });
}

/** Integers in [low, high), like `torch.randint`; int32 unless `opts.dtype` says otherwise. */
export function randint(low: number, high: number, shape: Shape, opts: RandomOptions = {}): Tensor {
  assertValidShape('randint', shape);
  if (!Number.isInteger(low) || !Number.isInteger(high)) {
    throw new RangeError(`randint: low and high must be integers, got ${low} and ${high}`);
  }
  if (low >= high) throw new RangeError(`randint: low ${low} must be less than high ${high}`);
  if (low < -(2 ** 31) || high > 2 ** 31) {
    throw new RangeError(`randint: [${low}, ${high}) does not fit in int32`);
  }
  const dtype = opts.dtype ?? 'int32';
  if (dtype === 'bool') throw new DTypeError('randint: bool is not an integer dtype');
  const gen = opts.generator ?? defaultGenerator;
  const made = dtype === 'int32' ? deviceRandint(gen, shape, low, high, opts.device) : null;
  if (made) return withGrad(made, opts);
  return fromValues(convertTo(randintValues(gen, sizeOf(shape), low, high), dtype), shape, { ...opts, dtype });
}

/** A random permutation of 0..n-1, like `torch.randperm`; int32. */
export function randperm(n: number, opts: RandomOptions = {}): Tensor {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`randperm: n must be a non-negative integer, got ${n}`);
  const gen = opts.generator ?? defaultGenerator;
  const dtype = opts.dtype ?? 'int32';
  return fromValues(convertTo(permutationValues(gen, n), dtype), [n], { ...opts, dtype });
}

/**
 * Bernoulli draws, like `torch.bernoulli`. With a probability tensor `p`, each element is 1
 * with its own probability (same shape, dtype and device as `p`; computed with ops, so it runs
 * on `p`'s device). With a number `p`, `shape` gives the shape (or a tensor whose shape, and
 * device when `opts.device` is absent, to use); float32 unless `opts.dtype` says otherwise
 * (`'bool'` makes a mask).
 */
export function bernoulli(p: number | Tensor, shape?: Shape | Tensor, opts: RandomOptions = {}): Tensor {
  if (p instanceof Tensor) {
    const u = rand(p.shape, { device: p.device, generator: opts.generator, dtype: p.dtype === 'float64' ? 'float64' : 'float32' });
    const mask = lt(u, p);
    const out = cast(mask, opts.dtype ?? p.dtype);
    u.dispose();
    if (out !== mask) mask.dispose();
    return out;
  }
  if (!(p >= 0 && p <= 1)) throw new RangeError(`bernoulli: p must be in [0, 1], got ${p}`);
  if (shape === undefined) throw new RangeError('bernoulli: a shape is needed when p is a number');
  const dims = shape instanceof Tensor ? shape.shape : shape;
  const device = opts.device ?? (shape instanceof Tensor ? shape.device : undefined);
  assertValidShape('bernoulli', dims);
  const gen = opts.generator ?? defaultGenerator;
  const dtype = opts.dtype ?? 'float32';
  const made = deviceBernoulli(gen, dims, p, dtype, device);
  if (made) return withGrad(made, opts);
  return fromValues(convertTo(bernoulliValues(gen, sizeOf(dims), p), dtype), dims, { ...opts, device, dtype });
}

function withGrad(t: Tensor, opts: RandomOptions): Tensor {
  if (opts.requiresGrad) t.requiresGrad = true;
  return t;
}

function convertTo(values: TypedArray, dtype: DType): TypedArray {
  switch (dtype) {
    case 'float32':
      return values instanceof Float32Array ? values : Float32Array.from(values);
    case 'float64':
      return values instanceof Float64Array ? values : Float64Array.from(values);
    case 'int32':
      return values instanceof Int32Array ? values : Int32Array.from(values);
    case 'bool':
      return values instanceof Uint8Array ? values : Uint8Array.from(values, (v) => (v ? 1 : 0));
  }
}
