import { workerSeed } from '../random/seed-everything.js';
import type { HostValue } from './host-batch.js';
import type { WebWorkerStartMessage } from './web-data-worker.js';
import { DataLoaderWorkerError, type WorkerPool, type WorkerPoolFactory, type WorkerPoolOptions } from './worker-pool.js';
import type { FetchRequest, WorkerReply } from './worker-protocol.js';

interface Pending {
  readonly workerId: number;
  resolve(batch: HostValue): void;
  reject(e: Error): void;
}

/**
 * DataLoader workers as browser Web Workers (module workers). `workerModule` is the URL of a
 * worker script that calls `serveDataWorker(datasetModule)`; each worker gets its id, seed and
 * `workerData` in a first `start` message, builds the dataset once and answers batch requests.
 */
class WebWorkerPool implements WorkerPool {
  private readonly workers: (Worker | null)[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly dead = new Map<number, DataLoaderWorkerError>();
  private readonly readyPromise: Promise<number>;
  private nextRequest = 0;
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
    const worker = this.workers[workerId];
    const failure = this.dead.get(workerId);
    if (failure) return Promise.reject(failure);
    if (this.terminated || !worker) return Promise.reject(new Error('DataLoader: fetch after the workers were terminated'));
    const requestId = this.nextRequest++;
    const p = new Promise<HostValue>((resolve, reject) => this.pending.set(requestId, { workerId, resolve, reject }));
    const req: FetchRequest = { type: 'fetch', requestId, indices: [...indices] };
    worker.postMessage(req);
    return p;
  }

  async terminate(): Promise<void> {
    if (this.terminated) return;
    this.terminated = true;
    const stopped = new Error('DataLoader: workers were terminated');
    for (const p of this.pending.values()) p.reject(stopped);
    this.pending.clear();
    this.workers.forEach((w, i) => {
      w?.terminate();
      this.workers[i] = null;
    });
  }

  /** Wires one worker's messages; resolves with its dataset length when it is ready. */
  private watch(worker: Worker, id: number): Promise<number> {
    return new Promise<number>((resolveReady, rejectReady) => {
      worker.addEventListener('message', (ev: MessageEvent<WorkerReply>) => {
        const msg = ev.data;
        if (msg.type === 'ready') return resolveReady(msg.length);
        if (msg.type === 'batch') return this.settle(msg.requestId, (p) => p.resolve(msg.batch));
        const err = new DataLoaderWorkerError(id, msg.sampleIndex, msg.message, msg.stack);
        if (msg.requestId < 0) {
          rejectReady(err);
          this.fail(id, err);
        } else {
          this.settle(msg.requestId, (p) => p.reject(err));
        }
      });
      // A script that fails to load or throws at top level (the event has no Error object then).
      worker.addEventListener('error', (ev: ErrorEvent) => {
        ev.preventDefault();
        const err = new DataLoaderWorkerError(id, -1, ev.message || `worker script failed to load`);
        rejectReady(err);
        this.fail(id, err);
      });
    });
  }

  private settle(requestId: number, f: (p: Pending) => void): void {
    const p = this.pending.get(requestId);
    if (!p) return;
    this.pending.delete(requestId);
    f(p);
  }

  /** A worker is unusable: its outstanding and future requests fail with `err`. */
  private fail(id: number, err: DataLoaderWorkerError): void {
    if (!this.dead.has(id)) this.dead.set(id, err);
    for (const [rid, p] of this.pending) {
      if (p.workerId === id) {
        this.pending.delete(rid);
        p.reject(err);
      }
    }
  }
}

/** The browser Web Worker pool for `DataLoader({ numWorkers, workerModule, workerPool: webWorkerPool })`. */
export const webWorkerPool: WorkerPoolFactory = (opts) => new WebWorkerPool(opts);
