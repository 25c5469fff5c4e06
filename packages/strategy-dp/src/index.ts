// DataParallel
export { DataParallel } from './data-parallel.js';
export { dataParallel } from './data-parallel-fn.js';
export type { DataParallelOptions, ResolvedParallelConfig } from './options/resolve-options.js';
export { resolveParallelConfig, canonicalDevice } from './options/resolve-options.js';

// The pieces, as PyTorch's torch.nn.parallel exposes them
export { scatter, chunkSpans } from './parallel/scatter.js';
export { gather } from './parallel/gather.js';
export { Replica } from './parallel/replica.js';
export { parallelForward } from './parallel/parallel-forward.js';
export type { ReplicaApply } from './parallel/parallel-forward.js';

// Devices
export { registerLogicalCpuDevices, LOGICAL_CPU_KIND } from './devices/logical-cpu-devices.js';

// Trainer strategy and plugin
export { DpStrategy, dpDevices } from './strategy/dp-strategy.js';
export type { DpStrategyOptions } from './strategy/dp-strategy.js';
export { dpPlugin } from './strategy/dp-plugin.js';
