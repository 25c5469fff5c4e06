import { noGrad } from '../autograd/grad-mode.js';
import { DTypeError } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TypedArray } from '../tensor/dtype.js';
import { fromValues } from '../ops/creation.js';
import { copyInto } from '../ops/copy-into.js';
import { defaultGenerator, type Generator } from './generator.js';
import { normalValues, uniformValues, type FloatDType } from './sampling.js';

function fillDType(op: string, t: Tensor): FloatDType {
  if (t.dtype !== 'float32' && t.dtype !== 'float64') {
    throw new DTypeError(`${op}: expected a float tensor, got ${t.dtype}`);
  }
  return t.dtype;
}

/** Writes `values` (dense, in `t`'s logical order) into `t`, outside autograd like `nn.init`. */
function writeInto(t: Tensor, values: TypedArray): Tensor {
  const src = fromValues(values, t.shape, { device: t.device, dtype: t.dtype });
  noGrad(() => copyInto(t, src));
  src.dispose();
  return t;
}

/**
 * Fills `t` in place with uniform values in [low, high), like `tensor.uniform_` /
 * `nn.init.uniform_` (no gradient is recorded, so parameters can be initialised directly).
 * Returns `t`.
 */
export function uniformFill(t: Tensor, low = 0, high = 1, gen: Generator = defaultGenerator): Tensor {
  const dtype = fillDType('uniformFill', t);
  if (!(low <= high)) throw new RangeError(`uniformFill: low ${low} must not exceed high ${high}`);
  return writeInto(t, uniformValues(gen, t.size, dtype, low, high));
}

/**
 * Fills `t` in place with normal values of `mean` and `std`, like `tensor.normal_` /
 * `nn.init.normal_`. Returns `t`.
 */
export function normalFill(t: Tensor, mean = 0, std = 1, gen: Generator = defaultGenerator): Tensor {
  const dtype = fillDType('normalFill', t);
  if (!(std >= 0)) throw new RangeError(`normalFill: std must be non-negative, got ${std}`);
  return writeInto(t, normalValues(gen, t.size, dtype, mean, std));
}
