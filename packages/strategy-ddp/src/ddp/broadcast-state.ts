import type { Collective, ModuleTree } from '@flint/core';

/**
 * Copies rank `src`'s parameters (and buffers) into every rank's module, as DDP does at
 * construction. Only float32 and int32 tensors travel; others (bool masks) are left alone.
 */
export async function broadcastModuleState(group: Collective, module: ModuleTree, { buffers = true, src = 0 } = {}): Promise<void> {
  if (group.worldSize === 1) return;
  const ts = [...module.parameters(), ...(buffers ? module.buffers() : [])].filter((t) => t.dtype === 'float32' || t.dtype === 'int32');
  const works = ts.map((t) => group.broadcast(t, src));
  for (const w of works) await w.wait();
}
