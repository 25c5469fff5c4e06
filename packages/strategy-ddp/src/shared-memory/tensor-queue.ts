import { BroadcastChannel } from 'node:worker_threads';
import { FlintError, type Tensor } from '@flint/core';
import { QueueTimeoutError } from '../errors.js';
import { sharedHandle, tensorFromHandle, type SharedTensorHandle } from './share-memory.js';

export interface TensorQueueOptions {
  /** Default timeout of `get`, in ms (60 s). */
  timeoutMs?: number;
}

/** One put tensor: its handle, and a shared flag the first taker sets (each item is taken once). */
interface QueueItem {
  readonly claim: Int32Array;
  readonly handle: SharedTensorHandle;
}

type QueueMessage = { kind: 'hello' } | ({ kind: 'item' } & QueueItem);

interface Waiter {
  resolve(t: Tensor): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

const unclaimed = (i: QueueItem): boolean => Atomics.load(i.claim, 0) === 0;

/**
 * A queue of shared-memory tensors between the threads of one process, like
 * `torch.multiprocessing.Queue`: `put` sends a handle to the tensor's SharedArrayBuffer, `get`
 * returns a tensor over that same memory, so nothing is copied and writes are seen by both
 * sides. Every thread opens the queue by name (`new TensorQueue('batches')`); any number may put
 * and get, and each item is taken by exactly one `get` (a compare-and-swap on a shared flag).
 * An endpoint keeps the items it put until they are taken and sends them again to endpoints
 * that open later, so a consumer may start after the producer; items die with the endpoint
 * that put them (close it only after they were taken). The channel does not keep the thread
 * alive unless a `get` is waiting.
 */
export class TensorQueue {
  readonly #channel: BroadcastChannel;
  readonly #timeoutMs: number;
  /** Items this endpoint may hand out, oldest first. */
  #pending: QueueItem[] = [];
  /** Items this endpoint put that nobody took yet. */
  #mine: QueueItem[] = [];
  readonly #waiters: Waiter[] = [];
  #closed = false;

  constructor(
    readonly name: string,
    opts: TensorQueueOptions = {},
  ) {
    this.#timeoutMs = opts.timeoutMs ?? 60_000;
    this.#channel = new BroadcastChannel(`flint.tensor-queue:${name}`);
    this.#channel.onmessage = (e: unknown) => this.#receive((e as { data: QueueMessage }).data);
    this.#channel.unref();
    this.#channel.postMessage({ kind: 'hello' } satisfies QueueMessage);
  }

  /** Enqueues `t`, which must live in shared memory (`shareMemory(t)`); it is not copied. */
  put(t: Tensor): void {
    this.#assertOpen('put');
    const item: QueueItem = { claim: new Int32Array(new SharedArrayBuffer(4)), handle: sharedHandle(t, `TensorQueue '${this.name}'.put`) };
    this.#mine = this.#mine.filter(unclaimed);
    this.#mine.push(item);
    this.#channel.postMessage({ kind: 'item', ...item } satisfies QueueMessage);
    this.#offer(item);
  }

  /** The oldest item not yet taken by any endpoint; rejects with `QueueTimeoutError` after `timeoutMs`. */
  get(timeoutMs = this.#timeoutMs): Promise<Tensor> {
    this.#assertOpen('get');
    const ready = this.#take();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#removeWaiter(waiter);
          reject(new QueueTimeoutError(this.name, timeoutMs));
        }, timeoutMs),
      };
      this.#waiters.push(waiter);
      this.#channel.ref();
    });
  }

  /** Leaves the queue: pending `get`s reject, and items this endpoint put and nobody took are gone. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#channel.close();
    for (const w of this.#waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(new FlintError(`TensorQueue '${this.name}': closed while a get was waiting`));
    }
    this.#pending = [];
    this.#mine = [];
  }

  #assertOpen(op: string): void {
    if (this.#closed) throw new FlintError(`TensorQueue '${this.name}'.${op}: the queue is closed`);
  }

  #receive(m: QueueMessage): void {
    if (this.#closed) return;
    if (m.kind === 'hello') {
      this.#mine = this.#mine.filter(unclaimed);
      for (const item of this.#mine) this.#channel.postMessage({ kind: 'item', ...item } satisfies QueueMessage);
      return;
    }
    this.#offer({ claim: m.claim, handle: m.handle });
  }

  #offer(item: QueueItem): void {
    this.#pending = this.#pending.filter(unclaimed);
    this.#pending.push(item);
    while (this.#waiters.length > 0) {
      const t = this.#take();
      if (!t) return;
      const w = this.#waiters[0];
      this.#removeWaiter(w);
      w.resolve(t);
    }
  }

  #take(): Tensor | undefined {
    for (let item = this.#pending.shift(); item; item = this.#pending.shift()) {
      if (Atomics.compareExchange(item.claim, 0, 0, 1) === 0) return tensorFromHandle(item.handle);
    }
    return undefined;
  }

  #removeWaiter(w: Waiter): void {
    clearTimeout(w.timer);
    const i = this.#waiters.indexOf(w);
    if (i >= 0) this.#waiters.splice(i, 1);
    if (this.#waiters.length === 0) this.#channel.unref();
  }
}
