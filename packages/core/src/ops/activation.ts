import { normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../autograd/grad-mode.js';
import { add, mul, sub } from './binary.js';
import { amax, sum } from './reduce.js';
import { erf, exp, log, tanh } from './unary.js';
import { fusedSoftmax } from './fused-softmax.js';

/**
 * GELU, PyTorch's `gelu(x, approximate)`: exact `x * 0.5 * (1 + erf(x / sqrt(2)))` by default,
 * or with `approximate: 'tanh'` `0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3)))` (GPT-2's).
 */
export function gelu(x: Tensor, opts: { approximate?: 'none' | 'tanh' } = {}): Tensor {
  const approximate = opts.approximate ?? 'none';
  if (approximate === 'tanh') {
    const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
    return mul(mul(x, 0.5), add(tanh(inner), 1));
  }
  if (approximate !== 'none') throw new TypeError(`gelu: approximate must be 'none' or 'tanh', got '${String(approximate)}'`);
  return mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1));
}

/** `exp(x) / sum(exp(x))` along `dim`, shifted by the maximum for stability. */
export function softmax(x: Tensor, dim: number): Tensor {
  const axis = normalizeAxis('softmax', dim, x.ndim);
  const fused = fusedSoftmax(x, axis, false);
  if (fused) return fused;
  const m = noGrad(() => amax(x, axis, true));
  const e = exp(sub(x, m));
  m.dispose();
  return e.div(sum(e, axis, true));
}

/** `x - logsumexp(x)` along `dim`. */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  const axis = normalizeAxis('logSoftmax', dim, x.ndim);
  const fused = fusedSoftmax(x, axis, true);
  if (fused) return fused;
  const m = noGrad(() => amax(x, axis, true));
  const shifted = sub(x, m);
  m.dispose();
  return sub(shifted, log(sum(exp(shifted), axis, true)));
}
