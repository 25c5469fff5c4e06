import { noGrad } from '../autograd/grad-mode.js';
import { ShapeError, fmtShape } from '../tensor/errors.js';
import { shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, mul, sub } from './binary.js';
import { copyInto } from './copy-into.js';
import { mean } from './reduce.js';
import { rsqrt } from './unary.js';
import { reshape } from './view.js';

export interface BatchNormOptions {
  /** Normalise with the batch statistics and update the running ones (default false). */
  training?: boolean;
  /** Weight of the new batch statistic in the running average; default 0.1. */
  momentum?: number;
  /** Added to the variance; default 1e-5. */
  eps?: number;
}

type Maybe = Tensor | null | undefined;

/**
 * Batch normalisation over the channel dimension 1 of `x` ([N, C] or [N, C, ...]), PyTorch's
 * `batch_norm`. In training it normalises with the batch mean and biased variance and updates
 * `runningMean` / `runningVar` in place with the unbiased variance:
 * `running = (1 - momentum) * running + momentum * batchStat`. In eval it uses the running
 * statistics (the batch ones when none are given). `weight` and `bias` are [C] or absent.
 */
export function batchNorm(
  x: Tensor,
  runningMean: Maybe,
  runningVar: Maybe,
  weight?: Maybe,
  bias?: Maybe,
  opts: BatchNormOptions = {},
): Tensor {
  const { training = false, momentum = 0.1, eps = 1e-5 } = opts;
  if (x.ndim < 2) throw new ShapeError(`batchNorm: input must be [N, C] or [N, C, ...], got ${fmtShape(x.shape)}`);
  const c = x.shape[1];
  for (const [name, t] of [['runningMean', runningMean], ['runningVar', runningVar], ['weight', weight], ['bias', bias]] as const) {
    if (t && !shapesEqual(t.shape, [c])) {
      throw new ShapeError(`batchNorm: ${name} ${fmtShape(t.shape)} does not match the ${c} channels of input ${fmtShape(x.shape)}`);
    }
  }
  if (!!runningMean !== !!runningVar) throw new ShapeError('batchNorm: runningMean and runningVar must both be given or both be absent');
  const perChannel = [1, c, ...x.shape.slice(2).map(() => 1)];
  const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
  const count = x.size / c;
  let normed: Tensor;
  if (training || !runningMean || !runningVar) {
    if (training && count <= 1) {
      throw new ShapeError(`batchNorm: expected more than 1 value per channel when training, got input ${fmtShape(x.shape)}`);
    }
    const mu = mean(x, axes, true);
    const centered = sub(x, mu);
    const v = mean(mul(centered, centered), axes, true);
    normed = mul(centered, rsqrt(add(v, eps)));
    if (training && runningMean && runningVar) updateRunningStats(runningMean, runningVar, mu, v, momentum, count);
  } else {
    const rm = reshape(runningMean, perChannel);
    const rv = reshape(runningVar, perChannel);
    normed = mul(sub(x, rm), rsqrt(add(rv, eps)));
  }
  if (weight) normed = mul(normed, reshape(weight, perChannel));
  if (bias) normed = add(normed, reshape(bias, perChannel));
  return normed;
}

/**
 * BatchNorm's in-place running-average update, outside autograd: `running = (1 - m) running + m
 * stat`, the biased batch variance made unbiased over `count` values per channel first. `mu` and
 * `biasedVar` hold one value per channel (any shape of C elements). SyncBatchNorm passes the
 * statistics and count of the global batch.
 */
export function updateRunningStats(rm: Tensor, rv: Tensor, mu: Tensor, biasedVar: Tensor, momentum: number, count: number): void {
  noGrad(() => {
    const c = rm.shape[0];
    const m1 = reshape(mu, [c]);
    const v1 = reshape(biasedVar, [c]);
    const temps: Tensor[] = [m1, v1];
    const blend = (running: Tensor, stat: Tensor): Tensor => {
      const a = mul(running, 1 - momentum);
      const b = mul(stat, momentum);
      const next = add(a, b);
      temps.push(a, b, next);
      return next;
    };
    const unbiased = mul(v1, count / (count - 1));
    temps.push(unbiased);
    copyInto(rm, blend(rm, m1));
    copyInto(rv, blend(rv, unbiased));
    for (const t of temps) t.dispose();
  });
}
