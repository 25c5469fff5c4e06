import {
  BatchNorm,
  ShapeError,
  add,
  batchNorm,
  div,
  mul,
  reshape,
  rsqrt,
  sub,
  sum,
  updateRunningStats,
  type BatchNormLayerOptions,
  type BatchNormOptions,
  type BatchNormTensors,
  type Tensor,
} from '@flint/core';
import { getProcessGroup, isInitialized } from '../init-process-group.js';
import type { ProcessGroup } from '../process-group.js';
import { blockingSum } from './blocking-sum.js';

export interface SyncBatchNormOptions extends BatchNormLayerOptions {
  /** The group whose ranks share statistics (default: the one `initProcessGroup` made). */
  processGroup?: ProcessGroup;
}

/** Existing tensors a converted BatchNorm hands over (shared, not copied, as PyTorch does). */
export type { BatchNormTensors };

/**
 * `torch.nn.SyncBatchNorm`: batch normalisation whose training statistics are those of the
 * global batch, over every rank of the process group. Forward all-reduces the per-channel sums
 * and counts, then the sums of squared deviations; backward all-reduces their gradients, so the
 * gradients, after DDP's averaging, are one device's on the global batch. Inputs are [N, C, ...].
 * In eval mode, or on a group of one rank, it is plain BatchNorm. State-dict keys are
 * BatchNorm's (`weight`, `running_mean`, ...): parameters and buffers come from core's
 * `BatchNorm` base. The all-reduces block inside forward and backward (which cannot await), so
 * ranks must be threads of a shm group (`spawn`) and tensors readable synchronously (CPU).
 */
export class SyncBatchNorm extends BatchNorm {
  /** [N, C, ...]: what BatchNorm1d, 2d and 3d take together (forward names it in its own error). */
  protected readonly ranks: readonly number[] = [2, 3, 4, 5];
  readonly #group: ProcessGroup | undefined;

  constructor(numFeatures: number, opts: SyncBatchNormOptions = {}, from?: BatchNormTensors) {
    super(numFeatures, opts, from);
    this.#group = opts.processGroup;
  }

  override forward(x: Tensor): Tensor {
    if (!this.ranks.includes(x.ndim) || x.shape[1] !== this.numFeatures) {
      throw new ShapeError(`SyncBatchNorm ${this.numFeatures}: input [${x.shape.join(', ')}] is not [N, ${this.numFeatures}, ...] (2 to 5 dimensions)`);
    }
    const group = this.#group ?? (isInitialized() ? getProcessGroup() : undefined);
    const momentum = this.stepMomentum();
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

