import { customGrad, fromValues, type Tensor } from '@flint/core';
import type { ProcessGroup } from '../process-group.js';

/** Host copy of `t`'s values as float32 (SyncBatchNorm's statistics are small: 2C + 1 numbers). */
function hostCopy(op: string, t: Tensor, extra = 0): Float32Array {
  let v;
  try {
    v = t.dataSync();
  } catch (e) {
    throw new Error(`${op}: SyncBatchNorm reads its statistics synchronously inside forward and backward; tensors on device '${t.device}' cannot be read synchronously`, { cause: e });
  }
  const out = new Float32Array(v.length + extra);
  for (let i = 0; i < v.length; i++) out[i] = v[i];
  return out;
}

/**
 * The sum over ranks of the per-rank [C] statistic `local`, differentiable: forward is a
 * blocking all-reduce, and so is backward (the gradient reaching `local` on rank r is the sum
 * of every rank's gradient of the reduced value, since every rank's loss depends on it). With
 * `count`, the per-rank element counts are summed in the same all-reduce and returned too.
 */
export function blockingSum(group: ProcessGroup, local: Tensor, count: number): { total: Tensor; count: number } {
  let totalCount = 0;
  const total = customGrad(
    'SyncBatchNormAllReduce',
    [local],
    () => {
      const buf = hostCopy('SyncBatchNorm forward', local, 1);
      buf[buf.length - 1] = count;
      group.allReduceBlocking(buf);
      totalCount = buf[buf.length - 1];
      return fromValues(buf.subarray(0, buf.length - 1), local.shape, { device: local.device });
    },
    (grad) => {
      const g = hostCopy('SyncBatchNorm backward', grad);
      group.allReduceBlocking(g);
      return [fromValues(g, grad.shape, { device: grad.device })];
    },
  );
  return { total, count: totalCount };
}
