import { noGrad } from '../autograd/grad-mode.js';
import { isFloat } from '../tensor/dtype.js';
import { DTypeError, ShapeError, fmtShape } from '../tensor/errors.js';
import { shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, mul, sub } from './binary.js';
import { reduceLoss, type LossOptions } from './loss-reduction.js';
import { clamp, exp, log, neg } from './unary.js';

export interface BceWithLogitsOptions extends LossOptions {
  /** Weight of the positive class, broadcast over the last dimension (one per class). */
  posWeight?: Tensor;
  /** Rescaling weight of each element, broadcast to the input. */
  weight?: Tensor;
}

/**
 * Binary cross entropy of `sigmoid(logits)` against targets `y` in [0, 1], computed stably:
 * `(1 - y) x + lw (m + log(exp(-m) + exp(-x - m)))` with `m = max(-x, 0)` and
 * `lw = 1 + (posWeight - 1) y`, i.e. `max(x, 0) - x y + log(1 + exp(-|x|))` without posWeight.
 * `m` is held constant: its terms cancel in the gradient, which is then exactly
 * `sigmoid(x) - y` even at `x = 0` (PyTorch's). Gradients flow to `y` too.
 */
export function bceWithLogits(logits: Tensor, y: Tensor, opts: BceWithLogitsOptions = {}): Tensor {
  if (!shapesEqual(logits.shape, y.shape)) {
    throw new ShapeError(`bceWithLogits: target ${fmtShape(y.shape)} must have the same shape as input ${fmtShape(logits.shape)}`);
  }
  if (!isFloat(logits.dtype) || !isFloat(y.dtype)) {
    throw new DTypeError(`bceWithLogits: input and target must be floating point, got ${logits.dtype} and ${y.dtype}`);
  }
  const m = noGrad(() => clamp(neg(logits), 0));
  const softplusNeg = add(m, log(add(exp(neg(m)), exp(sub(neg(logits), m)))));
  const lw = opts.posWeight ? add(mul(sub(opts.posWeight, 1), y), 1) : null;
  let loss = add(mul(sub(1, y), logits), lw ? mul(lw, softplusNeg) : softplusNeg);
  if (opts.weight) loss = mul(loss, opts.weight);
  return reduceLoss('bceWithLogits', loss, opts.reduction);
}
