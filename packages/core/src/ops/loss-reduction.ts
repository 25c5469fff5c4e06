import type { Tensor } from '../tensor/tensor.js';
import { mean, sum } from './reduce.js';

/** How a loss combines its per-element values, as in PyTorch. */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options every loss takes. */
export interface LossOptions {
  /** `'mean'` (default), `'sum'`, or `'none'` for the per-element losses. */
  reduction?: Reduction;
}

/** Applies `reduction` to per-element losses: mean over all elements, sum, or none. */
export function reduceLoss(op: string, loss: Tensor, reduction: Reduction = 'mean'): Tensor {
  switch (reduction) {
    case 'mean':
      return mean(loss);
    case 'sum':
      return sum(loss);
    case 'none':
      return loss;
    default:
      throw new TypeError(`${op}: reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'`);
  }
}
