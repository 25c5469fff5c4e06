import { noGrad } from '../autograd/grad-mode.js';
import { tidy } from '../tensor/scope.js';
import { Tensor } from '../tensor/tensor.js';
import { scalar } from '../ops/creation.js';
import { add, div, maximum, minimum, mul, pow } from '../ops/binary.js';
import { abs, sqrt } from '../ops/unary.js';
import { amax, sum } from '../ops/reduce.js';

/**
 * Scales the gradients of `params` in place so that their joint `normType`-norm (the norm of
 * all gradients concatenated) is at most `maxNorm`, like PyTorch's `clip_grad_norm_`: every
 * gradient is multiplied by `min(1, maxNorm / (total + 1e-6))`. Parameters without a
 * gradient are skipped.
 *
 * Returns the total norm before clipping as a 0-d tensor (as PyTorch does), so nothing waits
 * for the device; read it with `await norm.item()`. The caller owns (disposes) it.
 */
export function clipGradNorm(params: Tensor | Iterable<Tensor>, maxNorm: number, normType: number | 'inf' = 2): Tensor {
  const p = typeof normType === 'string' ? Infinity : normType;
  if (!(p > 0)) throw new RangeError(`clipGradNorm: normType must be positive or 'inf', got ${normType}`);
  if (!(maxNorm >= 0)) throw new RangeError(`clipGradNorm: maxNorm must be non-negative, got ${maxNorm}`);
  const grads: Tensor[] = [];
  for (const t of params instanceof Tensor ? [params] : params) if (t.grad) grads.push(t.grad);
  if (grads.length === 0) return noGrad(() => scalar(0));
  return noGrad(() =>
    tidy(() => {
      const total = totalNorm(grads, p);
      const coef = minimum(div(maxNorm, add(total, 1e-6)), 1);
      for (const g of grads) g.copy_(mul(g, coef));
      return total;
    }),
  );
}

/** The norm of all of `grads` as one vector. */
function totalNorm(grads: Tensor[], p: number): Tensor {
  if (p === Infinity) return grads.map((g) => amax(abs(g))).reduce((a, b) => maximum(a, b));
  const parts = grads.map((g) => (p === 2 ? sum(mul(g, g)) : p === 1 ? sum(abs(g)) : sum(pow(abs(g), p))));
  const s = parts.reduce((a, b) => add(a, b));
  return p === 2 ? sqrt(s) : p === 1 ? s : pow(s, 1 / p);
}
