import '../ops/tensor-methods.js';
import { describeFailure, runDataWorker, type DataWorkerPort } from './data-worker-loop.js';
import type { FetchRequest, WorkerModule, WorkerReply, WorkerStart } from './worker-protocol.js';

/** The first message `webWorkerPool` sends a Web Worker. */
export interface WebWorkerStartMessage {
  readonly type: 'start';
  readonly start: WorkerStart;
}

/** The part of a Web Worker's global scope the loop uses. */
interface WorkerScope {
  postMessage(msg: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
}

/**
 * Makes this Web Worker a DataLoader worker for `webWorkerPool`. Call it at the top of the
 * worker script, with the module that builds the dataset imported statically (a bundled
 * worker cannot import a module by URL the way a Node thread does):
 *
 * ```ts
 * // data-worker.ts, bundled as its own file
 * import { serveDataWorker } from '@flint/core';
 * import * as dataset from './my-dataset.js'; // exports createDataset(workerData, info)
 * serveDataWorker(dataset);
 * ```
 */
export function serveDataWorker(mod: Partial<WorkerModule>, scope: WorkerScope = globalThis as unknown as WorkerScope): void {
  let handler: ((req: FetchRequest) => void) | null = null;
  // Requests that arrive while the dataset is being built wait here.
  const early: FetchRequest[] = [];
  const port: DataWorkerPort = {
    post: (msg: WorkerReply, transfer: ArrayBuffer[] = []) => scope.postMessage(msg, transfer),
    onRequest: (h) => {
      handler = h;
      for (const req of early.splice(0)) h(req);
    },
  };
  scope.addEventListener('message', (ev) => {
    const msg = ev.data as WebWorkerStartMessage | FetchRequest;
    if (msg.type === 'start') {
      runDataWorker(msg.start, mod, port).catch((e: unknown) => port.post({ type: 'error', requestId: -1, sampleIndex: -1, ...describeFailure(e) }));
    } else if (handler) {
      handler(msg);
    } else {
      early.push(msg);
    }
  });
}
