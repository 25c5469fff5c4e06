import { liveBackends } from '../backend/devices.js';
import type { BackendMemory } from '../backend/backend.js';
import { liveStats } from './storage.js';

export interface MemoryInfo {
  /** Live tensor handles (views and saved-for-backward handles included). */
  readonly tensors: number;
  /** Live backend buffers over all devices. */
  readonly buffers: number;
  readonly bytes: number;
  /** Per device, as each backend counts it. */
  readonly devices: Readonly<Record<string, BackendMemory>>;
}

/** What is allocated right now, like `torch.cuda.memory_allocated` for every device at once. */
export function memory(): MemoryInfo {
  const devices: Record<string, BackendMemory> = {};
  for (const b of liveBackends()) devices[b.device] = b.memory();
  return { tensors: liveStats.tensors, buffers: liveStats.buffers, bytes: liveStats.bytes, devices };
}
