// Process groups and collectives
export { initProcessGroup, destroyProcessGroup, getProcessGroup, isInitialized, createProcessGroup, DIST_BACKENDS } from './init-process-group.js';
export type { InitProcessGroupOptions, DistBackend } from './init-process-group.js';
export { ProcessGroup } from './process-group.js';
export { CollectiveTimeoutError, RankFailedError, CollectiveMismatchError, ProcessGroupError, QueueTimeoutError } from './errors.js';
export { readDistEnv, firstSlurmHost } from './env.js';
export type { DistEnv } from './env.js';
export { createShmSegment } from './shm/shm-segment.js';
export type { ShmSegment } from './shm/shm-segment.js';

// Shared-memory tensors between threads (torch.multiprocessing)
export { shareMemory, isSharedMemory } from './shared-memory/share-memory.js';
export { TensorQueue } from './shared-memory/tensor-queue.js';
export type { TensorQueueOptions } from './shared-memory/tensor-queue.js';

// DistributedDataParallel
export { DistributedDataParallel } from './ddp/distributed-data-parallel.js';
export type { DdpOptions } from './ddp/distributed-data-parallel.js';
export { GradReducer } from './ddp/grad-reducer.js';
export type { GradReducerOptions } from './ddp/grad-reducer.js';
export type { BucketTiming } from './ddp/bucket-transport.js';
export type { GradCommThread, StagingArea } from './grad-comm/grad-comm-thread.js';
export { assignBuckets } from './ddp/grad-bucket.js';
export type { GradBucket } from './ddp/grad-bucket.js';
export { broadcastModuleState } from './ddp/broadcast-state.js';

// SyncBatchNorm
export { SyncBatchNorm } from './sync-batch-norm/sync-batch-norm.js';
export type { SyncBatchNormOptions, BatchNormTensors } from './sync-batch-norm/sync-batch-norm.js';
export { convertSyncBatchnorm } from './sync-batch-norm/convert-sync-batchnorm.js';
export type { BlockingCollective } from './blocking-collective.js';

// Launchers
export { spawn, SpawnError } from './launch/spawn.js';
export type { SpawnOptions } from './launch/spawn.js';
export { freePort } from './launch/free-port.js';
export { launch, LaunchError } from './launch/launch.js';
export { LaunchedDevicesError } from './launch/launched-devices.js';
export type { LaunchOptions } from './launch/launch.js';

// Trainer strategy and plugin
export { DdpStrategy } from './strategy/ddp-strategy.js';
export type { DdpStrategyOptions } from './strategy/ddp-strategy.js';
export { ddpPlugin } from './strategy/ddp-plugin.js';
