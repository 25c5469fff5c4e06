// `@flint/strategy-dp/node`: DataParallel replicas on worker threads (Node only).
export { ThreadedDataParallel } from './threaded-data-parallel.js';
export type { ThreadedDataParallelOptions } from './threaded-data-parallel.js';
export { ReplicaThreadError } from './replica-thread.js';
