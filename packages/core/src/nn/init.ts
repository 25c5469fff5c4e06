import { noGrad } from '../autograd/grad-mode.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Generator } from '../random/generator.js';
import { normalFill, uniformFill } from '../random/fill.js';

/**
 * In-place initialisers with PyTorch's names and formulas (`torch.nn.init`). They draw from
 * the Philox stream, so one seed gives the same weights on every backend.
 */

/** Fan-in and fan-out of a weight as PyTorch computes them ([out, in, ...receptive field]). */
export function fans(t: Tensor): { fanIn: number; fanOut: number } {
  if (t.ndim < 2) throw new RangeError(`init: fan in and fan out need at least 2 dimensions, got ${t.ndim}`);
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: t.shape[1] * receptive, fanOut: t.shape[0] * receptive };
}

export function uniform_(t: Tensor, low = 0, high = 1, generator?: Generator): Tensor {
  noGrad(() => uniformFill(t, low, high, generator));
  return t;
}

export function normal_(t: Tensor, mean = 0, std = 1, generator?: Generator): Tensor {
  noGrad(() => normalFill(t, mean, std, generator));
  return t;
}

export function constant_(t: Tensor, value: number): Tensor {
  noGrad(() => t.copy_(value));
  return t;
}

/** `kaiming_uniform_(t, a, mode='fan_in', nonlinearity='leaky_relu')`. */
export function kaimingUniform_(t: Tensor, a = 0, generator?: Generator): Tensor {
  const gain = Math.sqrt(2 / (1 + a * a));
  const bound = gain * Math.sqrt(3 / fans(t).fanIn);
  return uniform_(t, -bound, bound, generator);
}

/** `xavier_uniform_(t, gain)`. */
export function xavierUniform_(t: Tensor, gain = 1, generator?: Generator): Tensor {
  const { fanIn, fanOut } = fans(t);
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -bound, bound, generator);
}

/**
 * What `nn.Linear` and `nn.Conv2d` do in `reset_parameters`: weight kaiming-uniform with
 * a = sqrt(5) (bound 1/sqrt(fan_in)), bias uniform in ±1/sqrt(fan_in).
 */
export function resetLinearLike(weight: Tensor, bias: Tensor | null): void {
  kaimingUniform_(weight, Math.sqrt(5));
  if (bias) {
    const bound = 1 / Math.sqrt(fans(weight).fanIn);
    uniform_(bias, -bound, bound);
  }
}
