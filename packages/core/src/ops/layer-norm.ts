import { ShapeError, fmtShape } from '../tensor/errors.js';
import { shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, mul, sub } from './binary.js';
import { mean } from './reduce.js';
import { rsqrt } from './unary.js';

/**
 * Layer normalisation over the trailing `normalizedShape` dimensions of `x`, PyTorch's
 * `layer_norm`: `(x - mean) / sqrt(var + eps) * weight + bias` with the biased variance;
 * `weight` and `bias` have shape `normalizedShape` when given.
 */
export function layerNorm(
  x: Tensor,
  normalizedShape: number | readonly number[],
  weight?: Tensor | null,
  bias?: Tensor | null,
  eps = 1e-5,
): Tensor {
  const ns = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
  const k = ns.length;
  if (k === 0 || k > x.ndim || !shapesEqual(x.shape.slice(x.ndim - k), ns)) {
    throw new ShapeError(`layerNorm: normalized shape ${fmtShape(ns)} does not match the trailing dimensions of input ${fmtShape(x.shape)}`);
  }
  for (const [name, t] of [['weight', weight], ['bias', bias]] as const) {
    if (t && !shapesEqual(t.shape, ns)) {
      throw new ShapeError(`layerNorm: ${name} ${fmtShape(t.shape)} must have the normalized shape ${fmtShape(ns)}`);
    }
  }
  const axes = ns.map((_, i) => x.ndim - k + i);
  const centered = sub(x, mean(x, axes, true));
  const v = mean(mul(centered, centered), axes, true);
  let out = mul(centered, rsqrt(add(v, eps)));
  if (weight) out = mul(out, weight);
  if (bias) out = add(out, bias);
  return out;
}
