import type { Tensor } from '../../tensor/tensor.js';
import { bernoulli } from '../../random/random-ops.js';
import { div, mul } from '../../ops/binary.js';
import { Module } from '../module.js';

/**
 * Zeroes each element with probability `p` in training and scales the rest by 1/(1-p)
 * (`nn.Dropout`); the identity in eval mode. Masks come from the Philox stream.
 */
export class Dropout extends Module {
  constructor(readonly p = 0.5) {
    super();
    if (p < 0 || p > 1) throw new RangeError(`Dropout: probability has to be between 0 and 1, but got ${p}`);
  }

  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    if (this.p === 1) return mul(x, 0);
    const keep = bernoulli(1 - this.p, x.shape, { device: x.device, dtype: x.dtype });
    const out = div(mul(x, keep), 1 - this.p);
    keep.dispose();
    return out;
  }
}
