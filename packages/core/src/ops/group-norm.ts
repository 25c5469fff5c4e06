import { ShapeError, fmtShape } from '../tensor/errors.js';
import { shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, mul, sub } from './binary.js';
import { mean } from './reduce.js';
import { rsqrt } from './unary.js';
import { reshape } from './view.js';

/**
 * `torch.nn.functional.group_norm`: the C channels of `x` [N, C, ...] split into `numGroups`
 * groups, each normalised over its channels and spatial positions with the biased variance,
 * then scaled and shifted per channel by `weight` / `bias` ([C]) when given.
 */
export function groupNorm(x: Tensor, numGroups: number, weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  if (x.ndim < 2) throw new ShapeError(`groupNorm: input must be [N, C, ...], got ${fmtShape(x.shape)}`);
  const c = x.shape[1];
  if (!Number.isInteger(numGroups) || numGroups < 1 || c % numGroups !== 0) {
    throw new ShapeError(`groupNorm: ${c} channels of input ${fmtShape(x.shape)} are not divisible by numGroups=${numGroups}`);
  }
  for (const [name, t] of [['weight', weight], ['bias', bias]] as const) {
    if (t && !shapesEqual(t.shape, [c])) throw new ShapeError(`groupNorm: ${name} ${fmtShape(t.shape)} must have one entry per channel, expected [${c}]`);
  }
  const grouped = reshape(x, [x.shape[0], numGroups, -1]);
  const centered = sub(grouped, mean(grouped, 2, true));
  const normed = reshape(mul(centered, rsqrt(add(mean(mul(centered, centered), 2, true), eps))), x.shape);
  const perChannel = [1, c, ...x.shape.slice(2).map(() => 1)];
  let out = normed;
  if (weight) out = mul(out, reshape(weight, perChannel));
  if (bias) out = add(out, reshape(bias, perChannel));
  return out;
}
