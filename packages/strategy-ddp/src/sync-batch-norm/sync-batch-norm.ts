import {
  Module,
  ShapeError,
  add,
  batchNorm,
  buffer,
  div,
  mul,
  noGrad,
  ones,
  parameter,
  reshape,
  rsqrt,
  sub,
  sum,
  updateRunningStats,
  zeros,
  type BatchNormOptions,
  type Tensor,
} from '@flint/core';
import { getProcessGroup, isInitialized } from '../init-process-group.js';
import type { ProcessGroup } from '../process-group.js';
import { blockingSum } from './blocking-sum.js';

export interface SyncBatchNormOptions {
  eps?: number;
  /** Running-average factor; `null` means a cumulative average, as in PyTorch. */
  momentum?: number | null;
  affine?: boolean;
  trackRunningStats?: boolean;
  /** The group whose ranks share statistics (default: the one `initProcessGroup` made). */
  processGroup?: ProcessGroup;
}

/** Existing tensors a converted BatchNorm hands over (shared, not copied, as PyTorch does). */
export interface BatchNormTensors {
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly running_mean: Tensor | null;
  readonly running_var: Tensor | null;
  readonly num_batches_tracked: Tensor | null;
}

/**
 * `torch.nn.SyncBatchNorm`: batch normalisation whose training statistics are those of the
 * global batch, over every rank of the process group. Forward all-reduces the per-channel sums
 * and counts, then the sums of squared deviations; backward all-reduces their gradients, so the
 * gradients, after DDP's averaging, are one device's on the global batch. Inputs are [N, C, ...].
 * In eval mode, or on a group of one rank, it is plain BatchNorm. State-dict keys are
 * BatchNorm's (`weight`, `running_mean`, ...). The all-reduces block inside forward and backward
 * (which cannot await), so ranks must be threads of a shm group (`spawn`) and tensors readable
 * synchronously (CPU).
 */
export class SyncBatchNorm extends Module {
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly running_mean: Tensor | null;
  readonly running_var: Tensor | null;
  readonly num_batches_tracked: Tensor | null;
  readonly eps: number;
  readonly momentum: number | null;
  readonly #group: ProcessGroup | undefined;

  constructor(
    readonly numFeatures: number,
    opts: SyncBatchNormOptions = {},
    from?: BatchNormTensors,
  ) {
    super();
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
    this.#group = opts.processGroup;
    const affine = opts.affine ?? true;
    const track = opts.trackRunningStats ?? true;
    this.weight = from ? from.weight : affine ? parameter(ones([numFeatures])) : null;
    this.bias = from ? from.bias : affine ? parameter(zeros([numFeatures])) : null;
    this.running_mean = from ? from.running_mean : track ? buffer(zeros([numFeatures])) : null;
    this.running_var = from ? from.running_var : track ? buffer(ones([numFeatures])) : null;
    this.num_batches_tracked = from ? from.num_batches_tracked : track ? buffer(zeros([], { dtype: 'int32' })) : null;
  }

  forward(x: Tensor): Tensor {
    if (x.ndim < 2 || x.shape[1] !== this.numFeatures) {
      throw new ShapeError(`SyncBatchNorm ${this.numFeatures}: input [${x.shape.join(', ')}] is not [N, ${this.numFeatures}, ...]`);
    }
    const group = this.#group ?? (isInitialized() ? getProcessGroup() : undefined);
    let momentum = this.momentum ?? 0;
    if (this.training && this.num_batches_tracked) {
      const nbt = this.num_batches_tracked;
      noGrad(() => nbt.copy_(nbt.add(1)));
      if (this.momentum === null) momentum = 1 / (nbt.dataSync()[0] || 1);
    }
    if (!this.training || !group || group.worldSize === 1) {
      const opts: BatchNormOptions = { training: this.training || !this.running_mean, momentum, eps: this.eps };
      return batchNorm(x, this.running_mean, this.running_var, this.weight, this.bias, opts);
    }
    return this.syncForward(group, x, momentum);
  }

  private syncForward(group: ProcessGroup, x: Tensor, momentum: number): Tensor {
    const c = this.numFeatures;
    const perChannel = [1, c, ...x.shape.slice(2).map(() => 1)];
    const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
    const { total: sumX, count: n } = blockingSum(group, sum(x, axes), x.size / c);
    if (n <= 1) throw new ShapeError(`SyncBatchNorm ${c}: expected more than 1 value per channel over all ranks when training, got ${n}`);
    const mu = div(sumX, n);
    const centered = sub(x, reshape(mu, perChannel));
    const { total: sumSq } = blockingSum(group, sum(mul(centered, centered), axes), 0);
    const biasedVar = div(sumSq, n);
    let out = mul(centered, rsqrt(add(reshape(biasedVar, perChannel), this.eps)));
    if (this.running_mean && this.running_var) updateRunningStats(this.running_mean, this.running_var, mu, biasedVar, momentum, n);
    if (this.weight) out = mul(out, reshape(this.weight, perChannel));
    if (this.bias) out = add(out, reshape(this.bias, perChannel));
    return out;
  }

  override toString(): string {
    return `SyncBatchNorm ${this.numFeatures}`;
  }
}

