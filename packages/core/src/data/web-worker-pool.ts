import { workerSeed } from '../random/seed-everything.js';
import type { HostValue } from './host-batch.js';
import type { WebWorkerStartMessage } from './web-data-worker.js';
import { DataLoaderWorkerError, type WorkerPool, type WorkerPoolFactory, type WorkerPoolOptions } from './worker-pool.js';
import type { WorkerReply } from './worker-protocol.js';
import { WorkerRequests } from './worker-requests.js';

/**
 * DataLoader workers as browser Web Workers (module workers). `workerModule` is the URL of a
 * worker script that calls `serveDataWorker(datasetModule)`; each worker gets its id, seed and
 * `workerData` in a first `start` message, builds the dataset once and answers batch requests.
 */
class WebWorkerPool implements WorkerPool {
  private readonly workers: (Worker | null)[] = [];
  private readonly requests = new WorkerRequests();
  private readonly readyPromise: Promise<number>;
  private terminated = false;

  constructor(opts: WorkerPoolOptions) {
    const readies: Promise<number>[] = [];
    for (let id = 0; id < opts.numWorkers; id++) {
      const worker = new Worker(opts.workerModule, { type: 'module', name: `flint-data-worker-${id}` });
      this.workers.push(worker);
      readies.push(this.watch(worker, id));
      const start: WebWorkerStartMessage = {
        type: 'start',
        start: { id, numWorkers: opts.numWorkers, seed: workerSeed(opts.baseSeed, id), moduleUrl: String(opts.workerModule), userData: opts.workerData, collate: opts.collate },
      };
      worker.postMessage(start);
    }
    this.readyPromise = Promise.all(readies).then((lengths) => lengths[0]);
    this.readyPromise.catch(() => undefined);
  }

  get liveWorkers(): number {
    return this.workers.filter((w) => w !== null).length;
  }

  ready(): Promise<number> {
    return this.readyPromise;
  }

  fetch(workerId: number, indices: readonly number[]): Promise<HostValue> {
    const worker = this.terminated ? null : this.workers[workerId];
    return this.requests.fetch(workerId, indices, worker ? (req) => worker.postMessage(req) : undefined);
  }

  async terminate(): Promise<void> {
    if (this.terminated) return;
    this.terminated = true;
    this.requests.stop();
    this.workers.forEach((w, i) => {
      w?.terminate();
      this.workers[i] = null;
    });
  }

  /** Wires one worker's messages; resolves with its dataset length when it is ready. */
  private watch(worker: Worker, id: number): Promise<number> {
    return new Promise<number>((resolveReady, rejectReady) => {
      worker.addEventListener('message', (ev: MessageEvent<WorkerReply>) => this.requests.reply(id, ev.data, { resolve: resolveReady, reject: rejectReady }));
      // A script that fails to load or throws at top level (the event has no Error object then).
      worker.addEventListener('error', (ev: ErrorEvent) => {
        ev.preventDefault();
        const err = new DataLoaderWorkerError(id, -1, ev.message || `worker script failed to load`);
        rejectReady(err);
        this.requests.fail(id, err);
      });
    });
  }
}

/** The browser Web Worker pool for `DataLoader({ numWorkers, workerModule, workerPool: webWorkerPool })`. */
export const webWorkerPool: WorkerPoolFactory = (opts) => new WebWorkerPool(opts);
