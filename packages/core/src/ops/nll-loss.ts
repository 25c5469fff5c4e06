import { isFloat } from '../tensor/dtype.js';
import { DTypeError, ShapeError, fmtShape } from '../tensor/errors.js';
import { shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { div, mul, ne } from './binary.js';
import { gather, indexSelect } from './indexing.js';
import type { LossOptions } from './loss-reduction.js';
import { sum } from './reduce.js';
import { cast, neg } from './unary.js';
import { permute, reshape } from './view.js';
import { where } from './where.js';

export interface NllLossOptions extends LossOptions {
  /** Target value that contributes neither loss nor gradient; default -100. */
  ignoreIndex?: number;
  /** Rescaling weight of each class, shape [C]. */
  weight?: Tensor;
}

/** Per-row terms of a class-index loss, with the input flattened to rows [M, C]. */
export interface NllTerms {
  /** The input as rows [M, C] (class dimension last). */
  rows: Tensor;
  /** `-weight[t] * input[t]` of each row, 0 where ignored: [M]. */
  loss: Tensor;
  /** `weight[t]` of each row, 0 where ignored: the mean's denominator, [M]. */
  rowWeight: Tensor;
  /** False where the target is `ignoreIndex`: [M]. */
  kept: Tensor;
  /** Shape of the unreduced loss: the target's. */
  outShape: number[];
}

/** Input [N, C, d...] as rows [M, C] with the class dimension last; [C] as [1, C]. */
export function classRows(x: Tensor): Tensor {
  if (x.ndim === 1) return reshape(x, [1, x.shape[0]]);
  if (x.ndim === 2) return x;
  const dims = [0, ...x.shape.map((_, i) => i).slice(2), 1];
  return reshape(permute(x, dims), [-1, x.shape[1]]);
}

/** The target shape an input [N, C, d...] takes: [N, d...], or [] for an unbatched [C]. */
export function targetShapeFor(op: string, input: Tensor): number[] {
  if (input.ndim === 0) throw new ShapeError(`${op}: input must have a class dimension, got a scalar`);
  if (!isFloat(input.dtype)) throw new DTypeError(`${op}: input must be floating point, got ${input.dtype}`);
  return input.ndim === 1 ? [] : [input.shape[0], ...input.shape.slice(2)];
}

/** Validates a class-index loss's arguments and computes its per-row terms. */
export function nllTerms(op: string, input: Tensor, target: Tensor, opts: NllLossOptions): NllTerms {
  const outShape = targetShapeFor(op, input);
  if (target.dtype !== 'int32') {
    throw new DTypeError(`${op}: target must be int32 class indices, got ${target.dtype}`);
  }
  if (!shapesEqual(target.shape, outShape)) {
    throw new ShapeError(`${op}: input ${fmtShape(input.shape)} and target ${fmtShape(target.shape)}: expected target of shape ${fmtShape(outShape)}`);
  }
  const classes = input.ndim === 1 ? input.shape[0] : input.shape[1];
  const { weight, ignoreIndex = -100 } = opts;
  if (weight && !shapesEqual(weight.shape, [classes])) {
    throw new ShapeError(`${op}: weight ${fmtShape(weight.shape)} must have one entry per class, expected [${classes}]`);
  }
  const rows = classRows(input);
  const flat = reshape(target, [rows.shape[0]]);
  const kept = ne(flat, ignoreIndex);
  const safe = where(kept, flat, 0);
  let picked: Tensor;
  try {
    picked = reshape(gather(rows, 1, reshape(safe, [rows.shape[0], 1])), [rows.shape[0]]);
  } catch (e) {
    if (e instanceof RangeError) throw new RangeError(e.message.replace(/^gather: index/, `${op}: target`));
    throw e;
  }
  const rowWeight = weight ? where(kept, indexSelect(weight, 0, safe), 0) : cast(kept, input.dtype);
  return { rows, loss: neg(mul(picked, rowWeight)), rowWeight, kept, outShape };
}

/** Reduces per-row terms: mean divides by the total weight of the rows not ignored, as PyTorch does. */
export function reduceRows(perRow: Tensor, t: NllTerms, reduction: LossOptions['reduction'] = 'mean'): Tensor {
  if (reduction === 'none') return reshape(perRow, t.outShape);
  if (reduction === 'sum') return sum(perRow);
  if (reduction === 'mean') return div(sum(perRow), sum(t.rowWeight));
  throw new TypeError(`reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'`);
}

/**
 * Negative log likelihood of log-probabilities `logp` ([N, C], [N, C, d...] or [C]) at the int32
 * class indices `target` ([N], [N, d...] or []), PyTorch's `nll_loss`: rows whose target is
 * `ignoreIndex` count for nothing, and the mean is over the summed class weights of the others.
 */
export function nllLoss(logp: Tensor, target: Tensor, opts: NllLossOptions = {}): Tensor {
  const t = nllTerms('nllLoss', logp, target, opts);
  return reduceRows(t.loss, t, opts.reduction);
}
