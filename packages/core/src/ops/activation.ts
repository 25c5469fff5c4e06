import { normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../autograd/grad-mode.js';
import { add, mul, sub } from './binary.js';
import { amax, sum } from './reduce.js';
import { erf, exp, log } from './unary.js';
import { fusedSoftmax } from './fused-softmax.js';

/** GELU, exact form: `x * 0.5 * (1 + erf(x / sqrt(2)))`. */
export function gelu(x: Tensor): Tensor {
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
