import type { HostValue } from './host-batch.js';
import type { WorkerInfo } from './worker-info.js';

/*
 * Messages between the DataLoader and its workers. Plain data only: everything crosses a
 * thread boundary by structured clone (typed-array buffers by transfer).
 */

/**
 * How a worker turns a batch's items into the message it sends: `default` collates to host
 * arrays (the loader uploads them), `module` calls the worker module's `collate` export,
 * `items` sends the items as they are for the loader's own `collate` on the main thread.
 */
export type WorkerCollateMode = 'default' | 'module' | 'items';

/** Sent once to each worker at start-up (as `workerData`). */
export interface WorkerStart extends WorkerInfo {
  /** URL of the module exporting `createDataset(workerData, info)`. */
  readonly moduleUrl: string;
  readonly userData: unknown;
  readonly collate: WorkerCollateMode;
}

export interface FetchRequest {
  readonly type: 'fetch';
  readonly requestId: number;
  readonly indices: readonly number[];
}

export type WorkerReply =
  | { readonly type: 'ready'; readonly length: number }
  | { readonly type: 'batch'; readonly requestId: number; readonly batch: HostValue }
  | {
      readonly type: 'error';
      /** -1 when the worker failed while starting. */
      readonly requestId: number;
      /** The dataset index being fetched, or -1 when the failure was not in one item. */
      readonly sampleIndex: number;
      readonly message: string;
      readonly stack?: string;
    };

/** What the module a loader's `workerModule` names must export. */
export interface WorkerModule {
  createDataset(workerData: unknown, info: WorkerInfo): unknown;
  /** Runs in each worker before `createDataset` (PyTorch's `worker_init_fn`). */
  workerInit?(info: WorkerInfo, workerData: unknown): void | Promise<void>;
  /** Collates in the worker; must return host values (typed arrays, numbers, strings, nested). */
  collate?(items: unknown[]): unknown;
}
