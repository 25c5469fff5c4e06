import { ShapeError, fmtShape } from '../tensor/errors.js';
import { shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, mul } from './binary.js';
import { logSoftmax } from './activation.js';
import { mean, sum } from './reduce.js';
import { classRows, nllTerms, reduceRows, targetShapeFor, type NllLossOptions } from './nll-loss.js';
import { neg } from './unary.js';
import { reshape } from './view.js';
import { where } from './where.js';
import { isFloat } from '../tensor/dtype.js';

export interface CrossEntropyOptions extends NllLossOptions {
  /** In [0, 1]: the target mixes `1 - labelSmoothing` of the label with a uniform share. */
  labelSmoothing?: number;
}

/**
 * Cross entropy of `logits` ([N, C], [N, C, d...] or unbatched [C]) against int32 class indices
 * `target` ([N], [N, d...] or []), PyTorch's `cross_entropy`: `logSoftmax` over the class
 * dimension then `nllLoss`, with `ignoreIndex` (default -100), class `weight` and
 * `labelSmoothing` combined as PyTorch combines them (the smoothing term is also averaged over
 * the weight of the rows not ignored). A float `target` shaped like `logits` is read as class
 * probabilities.
 */
export function crossEntropy(logits: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  const eps = opts.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps <= 1)) throw new RangeError(`crossEntropy: labelSmoothing must be in [0, 1], got ${eps}`);
  targetShapeFor('crossEntropy', logits);
  const classDim = logits.ndim === 1 ? 0 : 1;
  const classes = logits.shape[classDim];
  if (isFloat(target.dtype) && shapesEqual(target.shape, logits.shape)) return softTargets(logits, target, classDim, opts);
  const logp = logSoftmax(logits, classDim);
  const t = nllTerms('crossEntropy', logp, target, opts);
  const nll = reduceRows(t.loss, t, opts.reduction);
  if (eps === 0) return nll;
  const weighted = opts.weight ? mul(t.rows, opts.weight) : t.rows;
  const smooth = where(t.kept, neg(sum(weighted, 1)), 0);
  return add(mul(nll, 1 - eps), mul(reduceRows(smooth, t, opts.reduction), eps / classes));
}

/** Cross entropy against class probabilities: `-sum_c w_c p_c log softmax(x)_c`; the mean is over rows. */
function softTargets(logits: Tensor, target: Tensor, classDim: number, opts: CrossEntropyOptions): Tensor {
  const classes = logits.shape[classDim];
  if (opts.weight && !shapesEqual(opts.weight.shape, [classes])) {
    throw new ShapeError(`crossEntropy: weight ${fmtShape(opts.weight.shape)} must have one entry per class, expected [${classes}]`);
  }
  const eps = opts.labelSmoothing ?? 0;
  const rows = classRows(logSoftmax(logits, classDim));
  let p = classRows(target);
  if (eps > 0) p = add(mul(p, 1 - eps), eps / classes);
  if (opts.weight) p = mul(p, opts.weight);
  const perRow = neg(sum(mul(p, rows), 1));
  const reduction = opts.reduction ?? 'mean';
  if (reduction === 'none') return reshape(perRow, targetShapeFor('crossEntropy', logits));
  return reduction === 'sum' ? sum(perRow) : mean(perRow);
}
