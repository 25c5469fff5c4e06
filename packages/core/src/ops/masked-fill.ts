import { DTypeError, ShapeError, fmtShape } from '../tensor/errors.js';
import { broadcastShapes, shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { where } from './where.js';

/**
 * `torch.Tensor.masked_fill`: `value` where the bool `mask` is true, `x` elsewhere. The mask
 * broadcasts to `x`'s shape (never the other way: the result has `x`'s shape); the gradient
 * reaches `x` only where the mask is false.
 */
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  if (mask.dtype !== 'bool') throw new DTypeError(`maskedFill: mask must be a bool tensor, got ${mask.dtype}`);
  const fits = (() => {
    try {
      return shapesEqual(broadcastShapes('maskedFill', x.shape, mask.shape), x.shape);
    } catch {
      return false;
    }
  })();
  if (!fits) {
    throw new ShapeError(`maskedFill: mask ${fmtShape(mask.shape)} does not broadcast to input ${fmtShape(x.shape)}`);
  }
  return where(mask, value, x);
}
