import type { HostValue } from './host-batch.js';
import { DataLoaderWorkerError } from './worker-pool.js';
import type { FetchRequest, WorkerReply } from './worker-protocol.js';

interface Pending {
  readonly workerId: number;
  resolve(batch: HostValue): void;
  reject(e: Error): void;
}

/**
 * The request bookkeeping every DataLoader worker pool shares, whatever carries the messages
 * (Node `worker_threads`, browser Web Workers): numbered fetches, replies routed back to them,
 * and workers marked dead so their outstanding and future requests fail with the worker's error.
 * `onChange` runs whenever the number of outstanding requests changes.
 */
export class WorkerRequests {
  private readonly pending = new Map<number, Pending>();
  private readonly dead = new Map<number, DataLoaderWorkerError>();
  private nextRequest = 0;
  private stopped = false;

  constructor(private readonly onChange: () => void = () => undefined) {}

  /** Requests outstanding. */
  get size(): number {
    return this.pending.size;
  }

  /** Sends a fetch of `indices` to worker `workerId` through `post`; resolves with its batch. */
  fetch(workerId: number, indices: readonly number[], post: ((req: FetchRequest) => void) | undefined): Promise<HostValue> {
    const failure = this.dead.get(workerId);
    if (failure) return Promise.reject(failure);
    if (this.stopped || !post) return Promise.reject(new Error('DataLoader: fetch after the workers were terminated'));
    const requestId = this.nextRequest++;
    const p = new Promise<HostValue>((resolve, reject) => this.pending.set(requestId, { workerId, resolve, reject }));
    post({ type: 'fetch', requestId, indices: [...indices] });
    this.onChange();
    return p;
  }

  /** Routes one reply of worker `id`; `ready` and a failed start go to the worker's ready promise. */
  reply(id: number, msg: WorkerReply, ready: { resolve(length: number): void; reject(e: Error): void }): void {
    if (msg.type === 'ready') return ready.resolve(msg.length);
    if (msg.type === 'batch') return this.settle(msg.requestId, (p) => p.resolve(msg.batch));
    const err = new DataLoaderWorkerError(id, msg.sampleIndex, msg.message, msg.stack);
    if (msg.requestId < 0) {
      ready.reject(err);
      this.fail(id, err);
    } else {
      this.settle(msg.requestId, (p) => p.reject(err));
    }
  }

  /** A worker is unusable: its outstanding and future requests fail with `err`. */
  fail(id: number, err: DataLoaderWorkerError): void {
    if (!this.dead.has(id)) this.dead.set(id, err);
    for (const [rid, p] of this.pending) {
      if (p.workerId === id) {
        this.pending.delete(rid);
        p.reject(err);
      }
    }
    this.onChange();
  }

  /** The pool is terminating: every outstanding request fails and no new one is sent. */
  stop(): void {
    this.stopped = true;
    const stopped = new Error('DataLoader: workers were terminated');
    for (const p of this.pending.values()) p.reject(stopped);
    this.pending.clear();
  }

  private settle(requestId: number, f: (p: Pending) => void): void {
    const p = this.pending.get(requestId);
    if (!p) return;
    this.pending.delete(requestId);
    f(p);
    this.onChange();
  }
}
