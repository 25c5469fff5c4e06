import type { Collective, ModuleTree } from '@flint/core';
import { ProcessGroup } from '../process-group.js';
import { SyncBatchNorm } from './sync-batch-norm.js';

/**
 * Starts `group`'s blocking channel when `module` holds a SyncBatchNorm (a collective call:
 * every rank makes it, as DDP's construction does). Nothing to do otherwise.
 */
export async function enableSyncBatchNorm(group: Collective, module: ModuleTree): Promise<void> {
  if (!(group instanceof ProcessGroup)) return;
  for (const m of module.modules()) if (m instanceof SyncBatchNorm) return group.enableBlocking();
}
