import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { isTypeScriptUrl, startThreadWorker } from '../../node-threads/start-thread-worker.js';
import { workerSeed } from '../../random/seed-everything.js';
import type { HostValue } from '../host-batch.js';
import { DataLoaderWorkerError, type WorkerPool, type WorkerPoolFactory, type WorkerPoolOptions } from '../worker-pool.js';
import type { WorkerReply, WorkerStart } from '../worker-protocol.js';
import { WorkerRequests } from '../worker-requests.js';


/** The module a worker imports, as a URL: URLs and file: strings pass, paths resolve from the cwd. */
function moduleUrl(m: string | URL): string {
  if (m instanceof URL) return m.href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(m) && !/^[a-z]:[\\/]/i.test(m)) return m;
  return pathToFileURL(isAbsolute(m) ? m : resolve(m)).href;
}

/**
 * The worker entry beside this file: `worker-main.js` in built code, `worker-main.ts` when
 * running from source, where the thread needs tsx to load TypeScript.
 */
function workerScript(): URL {
  const fromSource = import.meta.url.endsWith('.ts');
  return new URL(fromSource ? './worker-main.ts' : './worker-main.js', import.meta.url);
}

/**
 * DataLoader workers on Node `worker_threads`. Each worker imports the loader's worker module,
 * builds the dataset once and answers batch requests in order. Workers hold the process open
 * only while a request is outstanding, so idle persistent workers never block exit.
 */
class ThreadWorkerPool implements WorkerPool {
  private readonly workers: (Worker | null)[] = [];
  private readonly requests = new WorkerRequests(() => this.updateRefs());
  private readonly readyPromise: Promise<number>;
  private readyWaiting = true;
  private live = 0;
  private terminated = false;

  constructor(opts: WorkerPoolOptions) {
    const script = workerScript();
    const mod = moduleUrl(opts.workerModule);
    const readies: Promise<number>[] = [];
    for (let id = 0; id < opts.numWorkers; id++) {
      const start: WorkerStart = {
        id,
        numWorkers: opts.numWorkers,
        seed: workerSeed(opts.baseSeed, id),
        moduleUrl: mod,
        userData: opts.workerData,
        collate: opts.collate,
      };
      const worker = startThreadWorker(script, { loadsTypeScript: isTypeScriptUrl(mod), workerData: start, name: `flint-data-worker-${id}` });
      this.workers.push(worker);
      this.live++;
      readies.push(this.watch(worker, id));
    }
    this.readyPromise = Promise.all(readies).then((lengths) => {
      this.readyWaiting = false;
      this.updateRefs();
      return lengths[0];
    });
    this.readyPromise.catch(() => undefined);
  }

  get liveWorkers(): number {
    return this.live;
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
    await Promise.all(this.workers.map((w) => w?.terminate()));
  }

  /** Wires one worker's messages and lifecycle; resolves with its dataset length when ready. */
  private watch(worker: Worker, id: number): Promise<number> {
    return new Promise<number>((resolveReady, rejectReady) => {
      worker.on('message', (msg: WorkerReply) => this.requests.reply(id, msg, { resolve: resolveReady, reject: rejectReady }));
      worker.on('error', (e: Error) => {
        const err = new DataLoaderWorkerError(id, -1, `${e.name}: ${e.message}`, e.stack);
        rejectReady(err);
        this.requests.fail(id, err);
      });
      worker.on('exit', (code) => {
        this.live--;
        this.workers[id] = null;
        if (!this.terminated) {
          const err = new DataLoaderWorkerError(id, -1, `worker exited unexpectedly with code ${code}`);
          rejectReady(err);
          this.requests.fail(id, err);
        }
      });
    });
  }

  private updateRefs(): void {
    const busy = this.readyWaiting || this.requests.size > 0;
    for (const w of this.workers) {
      if (busy) w?.ref();
      else w?.unref();
    }
  }
}

/** The Node `worker_threads` pool for `DataLoader({ numWorkers, workerPool: threadWorkerPool })`. */
export const threadWorkerPool: WorkerPoolFactory = (opts) => new ThreadWorkerPool(opts);
