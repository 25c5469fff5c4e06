import type { Tensor } from '../../tensor/tensor.js';
import { bceWithLogits, crossEntropy, mseLoss, nllLoss, type Reduction } from '../../ops/loss.js';
import { Module } from '../module.js';

/** `nn.CrossEntropyLoss(weight, ignoreIndex = -100, reduction, labelSmoothing)` on logits and int32 classes. */
export class CrossEntropyLoss extends Module<[Tensor, Tensor]> {
  constructor(readonly opts: { weight?: Tensor; ignoreIndex?: number; reduction?: Reduction; labelSmoothing?: number } = {}) {
    super();
  }
  forward(logits: Tensor, target: Tensor): Tensor {
    return crossEntropy(logits, target, this.opts);
  }
}

/** `nn.NLLLoss` on log-probabilities and int32 classes. */
export class NLLLoss extends Module<[Tensor, Tensor]> {
  constructor(readonly opts: { weight?: Tensor; ignoreIndex?: number; reduction?: Reduction } = {}) {
    super();
  }
  forward(logp: Tensor, target: Tensor): Tensor {
    return nllLoss(logp, target, this.opts);
  }
}

/** `nn.MSELoss`. */
export class MSELoss extends Module<[Tensor, Tensor]> {
  constructor(readonly opts: { reduction?: Reduction } = {}) {
    super();
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, this.opts);
  }
}

/** `nn.BCEWithLogitsLoss`. */
export class BCEWithLogitsLoss extends Module<[Tensor, Tensor]> {
  constructor(readonly opts: { reduction?: Reduction; posWeight?: Tensor } = {}) {
    super();
  }
  forward(logits: Tensor, target: Tensor): Tensor {
    return bceWithLogits(logits, target, this.opts);
  }
}
