import { noGrad } from '../autograd/grad-mode.js';
import { isFloat } from '../tensor/dtype.js';
import { DTypeError, ShapeError, fmtShape } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { rand, type RandomOptions } from '../random/random-ops.js';
import { div, le, sub } from './binary.js';
import { cumsum } from './cumsum.js';
import { sum } from './reduce.js';
import { cast, clamp, log, neg } from './unary.js';
import { topk } from './topk.js';
import { reshape, unsqueeze } from './view.js';

export interface MultinomialOptions {
  /** Draw with replacement (default false, as PyTorch). */
  replacement?: boolean;
  /** The generator to draw from; the default generator when absent. */
  generator?: RandomOptions['generator'];
}

/**
 * `torch.multinomial`: `numSamples` int32 category indices per row of the non-negative
 * weights `probs` ([C] or [B, C], need not sum to 1). With replacement each draw inverts the
 * row's cumulative distribution at a uniform draw; without, it takes the top `numSamples` of
 * `log p - log(-log u)` (Gumbel top-k), which samples without replacement. Everything stays
 * on the device; the uniforms come from the Philox stream, so a seed fixes the samples.
 */
export function multinomial(probs: Tensor, numSamples: number, opts: MultinomialOptions = {}): Tensor {
  if (!isFloat(probs.dtype)) throw new DTypeError(`multinomial: probs must be floating point, got ${probs.dtype}`);
  if (probs.ndim !== 1 && probs.ndim !== 2) throw new ShapeError(`multinomial: probs must be 1-D or 2-D, got ${fmtShape(probs.shape)}`);
  const c = probs.shape[probs.ndim - 1];
  const replacement = opts.replacement ?? false;
  if (!Number.isInteger(numSamples) || numSamples < 1) throw new RangeError(`multinomial: numSamples must be a positive integer, got ${numSamples}`);
  if (!replacement && numSamples > c) throw new RangeError(`multinomial: cannot draw ${numSamples} samples without replacement from ${c} categories`);
  return noGrad(() => {
    const rows = probs.ndim === 1 ? unsqueeze(probs, 0) : probs;
    const b = rows.shape[0];
    const draws = rand([b, replacement ? numSamples : c], { device: probs.device, generator: opts.generator });
    let picked: Tensor;
    if (replacement) {
      const cdf = div(cumsum(rows, 1), sum(rows, 1, true));
      // The number of categories whose cumulative mass is <= u is the drawn index.
      const below = sum(cast(le(unsqueeze(cdf, 1), unsqueeze(draws, 2)), 'float32'), 2);
      picked = cast(clamp(below, 0, c - 1), 'int32');
    } else {
      const keys = sub(log(rows), log(neg(log(clamp(draws, 1e-30, 1)))));
      picked = topk(keys, numSamples, { dim: 1 })[1];
    }
    return probs.ndim === 1 ? reshape(picked, [numSamples]) : picked;
  });
}
