/** What a dataset running inside a loader worker can learn about its worker. */
export interface WorkerInfo {
  /** This worker's id, 0 <= id < numWorkers. */
  readonly id: number;
  readonly numWorkers: number;
  /** This worker's seed: the loader's base seed + id (PyTorch's rule). */
  readonly seed: number;
}

// Kept on globalThis so every copy of @flint/core loaded in the worker (source and built) agrees.
const KEY = Symbol.for('flint.data.workerInfo');
type Holder = { [KEY]?: WorkerInfo };

/**
 * Inside a DataLoader worker, its id, worker count and seed; `null` on the main thread, like
 * `torch.utils.data.get_worker_info()`. Datasets use it to shard or seed per worker.
 */
export function getWorkerInfo(): WorkerInfo | null {
  return (globalThis as Holder)[KEY] ?? null;
}

/** @internal Set once by the worker entry point before the dataset is created. */
export function setWorkerInfo(info: WorkerInfo): void {
  (globalThis as Holder)[KEY] = Object.freeze({ ...info });
}
