import type { Worker } from 'node:worker_threads';
import { startThreadWorker } from '@flint/core/node';
import { CollectiveTimeoutError, ProcessGroupError, RankFailedError } from '../errors.js';
import { waitAsync } from '../wait-async.js';
import { readCommError } from './comm-error.js';
import {
  DONE,
  REQUEST_WORDS,
  RING,
  RING_SLOTS,
  STATUS,
  STATUS_FAILED,
  SUBMITTED,
  createGradCommChannel,
  type GradCommCommand,
  type GradCommEvent,
  type GradCommTransport,
  type GradCommWorkerData,
} from './grad-comm-channel.js';

const workerScript = (): URL => new URL(import.meta.url.endsWith('.ts') ? './grad-comm-worker.ts' : './grad-comm-worker.js', import.meta.url);
/** Longest single wait; between slices the waiter checks the thread's status and the deadline. */
const SLICE_MS = 100;
/** How much longer than the group's timeout a waiter gives the thread to report its own error. */
const GRACE_MS = 10_000;

/** Options of `GradCommThread.start`. */
export interface GradCommThreadOptions {
  readonly rank: number;
  readonly worldSize: number;
  readonly timeoutMs: number;
  readonly debug: boolean;
  readonly transport: GradCommTransport;
  /**
   * tcp: tells every rank's thread the port of the store rank 0's thread listens on (rank 0
   * passes it, every rank returns it): a broadcast on the group's own collectives.
   */
  readonly sharePort?: (port: number) => Promise<number>;
}

/** A block of shared memory gradients are staged in, known to the communication thread by `id`. */
export interface StagingArea {
  readonly id: number;
  readonly values: Float32Array;
}

/**
 * A rank's gradient communication thread, seen from its compute thread. `submit` writes an
 * all-reduce request (a range of a staging area) into a shared ring and wakes the thread, which
 * runs it with its peers' threads at once, while this thread computes; requests run in
 * submission order, so every rank's thread makes the same calls in the same order. `wait` resolves
 * when a request's result is in the staging area, without blocking this thread.
 */
export class GradCommThread {
  readonly #ctl: Int32Array;
  readonly #completedAt: Float64Array;
  #submitted = 0;
  #areas = 0;
  #exited: string | null = null;
  #closed: Promise<void> | null = null;
  /** Resolves when the thread has left its transport (asked to, or after a failure). */
  readonly #left: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    private readonly channel: ReturnType<typeof createGradCommChannel>,
    private readonly rank: number,
    private readonly timeoutMs: number,
  ) {
    this.#ctl = new Int32Array(channel.control);
    this.#completedAt = new Float64Array(channel.completedAt);
    this.#left = new Promise((resolve) => worker.on('message', (m: GradCommEvent) => m.type === 'closed' && resolve()));
    worker.on('exit', (code) => (this.#exited = `its gradient communication thread exited with code ${code}`));
    worker.on('error', (e) => (this.#exited = `its gradient communication thread failed: ${e.message}`));
    // Last: adding a 'message' listener refs the worker again.
    worker.unref();
  }

  /** Starts this rank's thread and connects it to its peers' (every rank of the group calls it). */
  static async start(o: GradCommThreadOptions): Promise<GradCommThread> {
    const channel = createGradCommChannel();
    const data: GradCommWorkerData = { channel, rank: o.rank, worldSize: o.worldSize, timeoutMs: o.timeoutMs, debug: o.debug, transport: o.transport };
    const worker = startThreadWorker(workerScript(), { workerData: data, name: `gradient comm rank ${o.rank}` });
    const next = (): Promise<GradCommEvent> =>
      new Promise((resolve, reject) => {
        const onExit = (code: number): void => reject(new ProcessGroupError(`gradient communication thread of rank ${o.rank} exited with code ${code} while starting`));
        worker.once('message', (m: GradCommEvent) => {
          worker.off('exit', onExit);
          if (m.type === 'start-failed') reject(new ProcessGroupError(`gradient communication thread of rank ${o.rank}: ${m.message}`));
          else resolve(m);
        });
        worker.once('error', reject);
        worker.once('exit', onExit);
      });
    try {
      const event = await next();
      if (event.type === 'store-listening') {
        if (!o.sharePort) throw new ProcessGroupError('gradient communication over tcp needs a way to share the store port');
        const port = await o.sharePort(event.port);
        const ready = next();
        worker.postMessage({ type: 'store-port', port } satisfies GradCommCommand);
        await ready;
      }
    } catch (e) {
      // A thread left waiting for its peers (or the port) would keep the process alive.
      await worker.terminate();
      throw e;
    }
    return new GradCommThread(worker, channel, o.rank, o.timeoutMs);
  }

  /** Shares a block of staging memory (float32) with the thread. */
  shareStagingArea(buffer: SharedArrayBuffer): StagingArea {
    const id = ++this.#areas;
    this.worker.postMessage({ type: 'area', id, buffer } satisfies GradCommCommand);
    return { id, values: new Float32Array(buffer) };
  }

  /**
   * Asks for the average over the ranks of `area.values[offset, offset + length)`, in place;
   * `tag` (the bucket index) labels errors. Returns the request's ticket for `wait`. Never blocks:
   * at most `RING_SLOTS` requests may be outstanding.
   */
  submit(area: StagingArea, offset: number, length: number, opCode: number, tag: number): number {
    const seq = this.#submitted + 1;
    if (seq - Atomics.load(this.#ctl, DONE) > RING_SLOTS) {
      throw new ProcessGroupError(`gradient communication: more than ${RING_SLOTS} all-reduces in flight (bucket ${tag}); use larger buckets`);
    }
    const at = RING + (seq % RING_SLOTS) * REQUEST_WORDS;
    this.#ctl[at] = area.id;
    this.#ctl[at + 1] = offset;
    this.#ctl[at + 2] = length;
    this.#ctl[at + 3] = opCode;
    this.#ctl[at + 4] = tag;
    this.#submitted = seq;
    Atomics.store(this.#ctl, SUBMITTED, seq);
    Atomics.notify(this.#ctl, SUBMITTED);
    return seq;
  }

  /** When request `ticket` (among the last `RING_SLOTS`) finished, in `performance.timeOrigin + performance.now()` ms. */
  completedAt(ticket: number): number {
    return this.#completedAt[ticket % RING_SLOTS];
  }

  /**
   * Resolves when request `ticket` is done; rejects with the thread's error (RankFailedError,
   * CollectiveTimeoutError naming the missing ranks, CollectiveMismatchError) or, should the
   * thread itself die or go silent, with an error naming this rank.
   */
  async wait(ticket: number, what: string): Promise<void> {
    const deadline = Date.now() + this.timeoutMs + GRACE_MS;
    for (;;) {
      const done = Atomics.load(this.#ctl, DONE);
      if (done >= ticket) return;
      if (Atomics.load(this.#ctl, STATUS) === STATUS_FAILED) throw readCommError(this.channel.reason);
      if (this.#exited) throw new RankFailedError(what, this.rank, this.#exited);
      const left = deadline - Date.now();
      if (left <= 0) throw new CollectiveTimeoutError(what, [this.rank], this.timeoutMs + GRACE_MS);
      await waitAsync(this.#ctl, DONE, done, Math.min(left, SLICE_MS));
    }
  }

  /** Lets the thread leave its transport cleanly, then ends it. Idempotent. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      if (!this.#exited) {
        this.worker.postMessage({ type: 'close' } satisfies GradCommCommand);
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([this.#left, new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
        clearTimeout(timer);
      }
      await this.worker.terminate();
    })();
    return this.#closed;
  }
}
