import { isFloat } from '../tensor/dtype.js';
import { DTypeError, ShapeError, fmtShape } from '../tensor/errors.js';
import { shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { mul, sub } from './binary.js';
import { reduceLoss, type LossOptions } from './loss-reduction.js';

/**
 * Mean squared error `(input - target)^2`, reduced by `reduction` (default mean). Both must have
 * the same shape: PyTorch only warns about broadcasting here, and it is nearly always a bug.
 */
export function mseLoss(input: Tensor, target: Tensor, opts: LossOptions = {}): Tensor {
  if (!shapesEqual(input.shape, target.shape)) {
    throw new ShapeError(`mseLoss: input ${fmtShape(input.shape)} and target ${fmtShape(target.shape)} must have the same shape`);
  }
  if (!isFloat(input.dtype) || !isFloat(target.dtype)) {
    throw new DTypeError(`mseLoss: input and target must be floating point, got ${input.dtype} and ${target.dtype}`);
  }
  const d = sub(input, target);
  return reduceLoss('mseLoss', mul(d, d), opts.reduction);
}
