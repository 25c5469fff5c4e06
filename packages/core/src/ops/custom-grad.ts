import { noGrad } from '../autograd/grad-mode.js';
import type { Tensor } from '../tensor/tensor.js';
import { record } from './record.js';

/**
 * Computes one gradient (or `null` for none) per input of a `customGrad` op from the gradient
 * of its output. Runs with grad recording off.
 */
export type CustomBackward = (grad: Tensor) => (Tensor | null)[];

/**
 * An op with a hand-written gradient, like `torch.autograd.Function` or TF.js's `customGrad`:
 * runs `forward` without recording its inner ops, then records one node whose backward is
 * `backward`. For ops whose gradient is not the composition of their parts' gradients, e.g. a
 * collective whose backward is itself a collective (SyncBatchNorm's statistics all-reduce).
 * `forward` must return a new tensor, not one of `inputs` or a view of one.
 */
export function customGrad(name: string, inputs: readonly Tensor[], forward: () => Tensor, backward: CustomBackward): Tensor {
  const out = noGrad(forward);
  return record(name, inputs, out, [], ([g]) => backward(g));
}
