// The loss functions, one per file; this module lists them together for `nn` and the index.
export { crossEntropy } from './cross-entropy.js';
export type { CrossEntropyOptions } from './cross-entropy.js';
export { nllLoss } from './nll-loss.js';
export type { NllLossOptions } from './nll-loss.js';
export { mseLoss } from './mse-loss.js';
export { bceWithLogits } from './bce-with-logits.js';
export type { BceWithLogitsOptions } from './bce-with-logits.js';
export type { LossOptions, Reduction } from './loss-reduction.js';
