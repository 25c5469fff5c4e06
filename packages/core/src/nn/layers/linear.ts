import type { Tensor } from '../../tensor/tensor.js';
import { fmtShape } from '../../tensor/errors.js';
import { empty } from './empty.js';
import { linear } from '../../ops/matmul.js';
import { Module } from '../module.js';
import { parameter } from '../parameter.js';
import { resetLinearLike } from '../init.js';
import { LayerInputError } from '../layer-input-error.js';

/** `y = x W^T + b` over the last dimension (`nn.Linear`), PyTorch's default initialisation. */
export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    { bias = true }: { bias?: boolean } = {},
  ) {
    super();
    this.weight = parameter(empty([outFeatures, inFeatures]));
    this.bias = bias ? parameter(empty([outFeatures])) : null;
    resetLinearLike(this.weight, this.bias);
  }

  forward(x: Tensor): Tensor {
    if (x.ndim === 0 || x.shape[x.ndim - 1] !== this.inFeatures) {
      throw new LayerInputError(this, this.toString(), `input ${fmtShape(x.shape)} does not match in_features ${this.inFeatures}`);
    }
    return linear(x, this.weight, this.bias ?? undefined);
  }

  override toString(): string {
    return `Linear ${this.inFeatures}→${this.outFeatures}`;
  }
}
