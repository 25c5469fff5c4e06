import { FlintError } from '../tensor/errors.js';
import type { HostValue } from './host-batch.js';
import type { WorkerCollateMode } from './worker-protocol.js';

/** A loader worker failed: names the worker and, when known, the sample being fetched. */
export class DataLoaderWorkerError extends FlintError {
  constructor(
    readonly workerId: number,
    readonly sampleIndex: number,
    readonly originalMessage: string,
    readonly workerStack?: string,
  ) {
    const at = sampleIndex >= 0 ? ` while fetching sample index ${sampleIndex}` : '';
    super(`DataLoader worker ${workerId} failed${at}: ${originalMessage}`);
  }
}

export interface WorkerPoolOptions {
  readonly numWorkers: number;
  /** URL or path of the module exporting `createDataset`. */
  readonly workerModule: string | URL;
  /** Passed to `createDataset` and `workerInit` in every worker (structured-cloned). */
  readonly workerData: unknown;
  /** Worker w is seeded with `workerSeed(baseSeed, w)`. */
  readonly baseSeed: number;
  readonly collate: WorkerCollateMode;
}

/**
 * Worker threads that hold a copy of the dataset and answer batch requests. Browser-safe
 * interface; the Node implementation (`threadWorkerPool`) is in `@flint/core/node`.
 */
export interface WorkerPool {
  /** Workers started and not yet exited. */
  readonly liveWorkers: number;
  /** Resolves with the dataset length once every worker has built its dataset. */
  ready(): Promise<number>;
  /** Asks worker `workerId` for the batch of `indices`; rejects with a DataLoaderWorkerError. */
  fetch(workerId: number, indices: readonly number[]): Promise<HostValue>;
  /** Stops every worker; pending fetches reject. Idempotent. */
  terminate(): Promise<void>;
}

export type WorkerPoolFactory = (opts: WorkerPoolOptions) => WorkerPool;
