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

/** Existing tensors a layer built from another BatchNorm shares (not copies), as PyTorch's conversions do. */
export interface BatchNormTensors {
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly running_mean: Tensor | null;
  readonly running_var: Tensor | null;
  readonly num_batches_tracked: Tensor | null;
}

/**
 * The body every batch normalisation shares (PyTorch's `_BatchNorm`): parameters, running
 * buffers, and the momentum of the current step. BatchNorm1d/2d fix the input rank;
 * strategy-ddp's SyncBatchNorm changes where training statistics come from. The buffers keep
 * PyTorch's snake_case names because field names are the state-dict keys.
 */
export abstract class BatchNorm extends Module {
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly running_mean: Tensor | null;
  readonly running_var: Tensor | null;
  readonly num_batches_tracked: Tensor | null;
  readonly eps: number;
  readonly momentum: number | null;
  /** Input ranks `forward` accepts. */
  protected abstract readonly ranks: readonly number[];

  /** `from`: share these tensors instead of making new ones. */
  constructor(readonly numFeatures: number, opts: BatchNormOptions = {}, from?: BatchNormTensors) {
    super();
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
    const affine = opts.affine ?? true;
    const track = opts.trackRunningStats ?? true;
    this.weight = from ? from.weight : affine ? parameter(ones([numFeatures])) : null;
    this.bias = from ? from.bias : affine ? parameter(zeros([numFeatures])) : null;
    this.running_mean = from ? from.running_mean : track ? buffer(zeros([numFeatures])) : null;
    this.running_var = from ? from.running_var : track ? buffer(ones([numFeatures])) : null;
    this.num_batches_tracked = from ? from.num_batches_tracked : track ? buffer(zeros([], { dtype: 'int32' })) : null;
  }

  forward(x: Tensor): Tensor {
    if (!this.ranks.includes(x.ndim) || x.shape[1] !== this.numFeatures) {
      throw new LayerInputError(this, this.toString(), `input ${fmtShape(x.shape)} does not match num_features ${this.numFeatures}`);
    }
    return batchNorm(x, this.running_mean, this.running_var, this.weight, this.bias, {
      training: this.training || !this.running_mean,
      momentum: this.stepMomentum(),
      eps: this.eps,
    });
  }

  /**
   * Counts a training step in `num_batches_tracked` and returns the running-average factor
   * to use for it (`momentum`, or 1/steps for the cumulative average when momentum is null).
   */
  protected stepMomentum(): number {
    let momentum = this.momentum ?? 0;
    if (this.training && this.num_batches_tracked) {
      const nbt = this.num_batches_tracked;
      noGrad(() => nbt.copy_(nbt.add(1)));
      if (this.momentum === null) momentum = 1 / (nbt.dataSync()[0] || 1);
    }
    return momentum;
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
