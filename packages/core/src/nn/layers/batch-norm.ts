import type { Tensor } from '../../tensor/tensor.js';
import { fmtShape } from '../../tensor/errors.js';
import { ones, zeros } from '../../ops/creation.js';
import { batchNorm } from '../../ops/norm.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { Module } from '../module.js';
import { buffer, parameter } from '../parameter.js';
import { LayerInputError } from '../layer-input-error.js';

export interface BatchNormOptions {
  eps?: number;
  /** Running-average factor; `null` means a cumulative average, as in PyTorch. */
  momentum?: number | null;
  affine?: boolean;
  trackRunningStats?: boolean;
}

/**
 * Shared body of BatchNorm1d/2d; subclasses fix the input rank. The buffers keep PyTorch's
 * snake_case names because field names are the state-dict keys.
 */
abstract class BatchNorm extends Module {
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly running_mean: Tensor | null;
  readonly running_var: Tensor | null;
  readonly num_batches_tracked: Tensor | null;
  readonly eps: number;
  readonly momentum: number | null;
  protected abstract readonly ranks: readonly number[];

  constructor(readonly numFeatures: number, opts: BatchNormOptions = {}) {
    super();
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
    const affine = opts.affine ?? true;
    const track = opts.trackRunningStats ?? true;
    this.weight = affine ? parameter(ones([numFeatures])) : null;
    this.bias = affine ? parameter(zeros([numFeatures])) : null;
    this.running_mean = track ? buffer(zeros([numFeatures])) : null;
    this.running_var = track ? buffer(ones([numFeatures])) : null;
    this.num_batches_tracked = track ? buffer(zeros([], { dtype: 'int32' })) : null;
  }

  forward(x: Tensor): Tensor {
    if (!this.ranks.includes(x.ndim) || x.shape[1] !== this.numFeatures) {
      throw new LayerInputError(this, this.toString(), `input ${fmtShape(x.shape)} does not match num_features ${this.numFeatures}`);
    }
    const useBatchStats = this.training || !this.running_mean;
    let momentum = this.momentum ?? 0;
    if (this.training && this.num_batches_tracked) {
      const nbt = this.num_batches_tracked;
      noGrad(() => nbt.copy_(nbt.add(1)));
      if (this.momentum === null) momentum = 1 / (nbt.dataSync()[0] || 1);
    }
    return batchNorm(x, this.running_mean, this.running_var, this.weight, this.bias, {
      training: useBatchStats,
      momentum,
      eps: this.eps,
    });
  }

  override toString(): string {
    return `${this.constructor.name} ${this.numFeatures}`;
  }
}

/** Batch normalisation over [N,C] or [N,C,L] (`nn.BatchNorm1d`). */
export class BatchNorm1d extends BatchNorm {
  protected readonly ranks = [2, 3];
}

/** Batch normalisation over [N,C,H,W] (`nn.BatchNorm2d`). */
export class BatchNorm2d extends BatchNorm {
  protected readonly ranks = [4];
}
