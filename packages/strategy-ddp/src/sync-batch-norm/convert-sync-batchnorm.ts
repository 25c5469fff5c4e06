import { BatchNorm1d, BatchNorm2d, type AnyModule } from '@flint/core';
import type { ProcessGroup } from '../process-group.js';
import { SyncBatchNorm } from './sync-batch-norm.js';

function toSync(bn: BatchNorm1d | BatchNorm2d, processGroup: ProcessGroup | undefined): SyncBatchNorm {
  const affine = bn.weight !== null;
  const sync = new SyncBatchNorm(bn.numFeatures, { eps: bn.eps, momentum: bn.momentum, affine, trackRunningStats: bn.running_mean !== null, processGroup }, bn);
  return sync.train(bn.training);
}

/**
 * `SyncBatchNorm.convert_sync_batchnorm`: replaces every BatchNorm1d/BatchNorm2d in `module`
 * (the module itself included) by a SyncBatchNorm that shares its parameters and buffers, so
 * optimizers built earlier and state-dict keys stay valid. Returns the module to use: `module`
 * itself unless it was a BatchNorm.
 */
export function convertSyncBatchnorm<M extends AnyModule>(module: M, processGroup?: ProcessGroup): M | SyncBatchNorm {
  if (module instanceof BatchNorm1d || module instanceof BatchNorm2d) return toSync(module, processGroup);
  for (const [, parent] of module.namedModules()) {
    for (const [key, child] of parent.namedChildren()) {
      if (!(child instanceof BatchNorm1d || child instanceof BatchNorm2d)) continue;
      // Redefining keeps the property's position, so parameter order and keys are unchanged.
      Object.defineProperty(parent, key, { value: toSync(child, processGroup), enumerable: true, configurable: true, writable: true });
    }
  }
  return module;
}
