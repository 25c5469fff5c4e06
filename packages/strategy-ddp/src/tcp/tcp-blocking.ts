import type { Worker } from 'node:worker_threads';
import { startThreadWorker } from '@flint/core/node';
import type { BlockingCollective } from '../blocking-collective.js';
import { CollectiveMismatchError, CollectiveTimeoutError, RankFailedError } from '../errors.js';
import {
  CHANNEL_ELEMENTS,
  DONE,
  FAILED_RANK,
  LENGTH,
  REQUEST,
  STATUS,
  STATUS_FAILED,
  createBlockingRingChannel,
  type BlockingRingChannel,
  type BlockingRingWorkerData,
} from './blocking-ring-channel.js';

const SLICE_MS = 100;
const workerScript = (): URL => new URL(import.meta.url.endsWith('.ts') ? './blocking-ring-worker.ts' : './blocking-ring-worker.js', import.meta.url);

/** Every rank's ring address, learnt through the group's own (asynchronous) collectives. */
export type ExchangeAddresses = (mine: { host: string; port: number }) => Promise<{ host: string; port: number }[]>;

/**
 * Blocking all-reduce for a TCP group: a worker thread per rank owns a second ring of sockets
 * and runs the sums, while the calling thread waits on shared memory (`Atomics.wait`, in
 * slices that check the deadline). A dead neighbour fails the call with `RankFailedError`
 * naming it; a silent one with `CollectiveTimeoutError` naming rank - 1.
 */
export class TcpBlockingCollective implements BlockingCollective {
  readonly #ctl: Int32Array;
  readonly #data: Float32Array;
  #calls = 0;

  private constructor(
    private readonly channel: BlockingRingChannel,
    private readonly worker: Worker,
    private readonly rank: number,
    private readonly worldSize: number,
    private readonly timeoutMs: number,
  ) {
    this.#ctl = new Int32Array(channel.control);
    this.#data = new Float32Array(channel.data);
  }

  /** Starts this rank's worker and forms the ring (every rank of the group calls it). */
  static async start(rank: number, worldSize: number, host: string, timeoutMs: number, exchange: ExchangeAddresses): Promise<TcpBlockingCollective> {
    const channel = createBlockingRingChannel();
    const data: BlockingRingWorkerData = { channel, rank, worldSize, host };
    const worker = startThreadWorker(workerScript(), { workerData: data, name: `blocking ring rank ${rank}` });
    worker.unref();
    const next = <T>(): Promise<T> =>
      new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    const { port } = await next<{ port: number }>();
    const ready = next<{ ready: boolean }>();
    worker.postMessage(await exchange({ host, port }));
    await ready;
    return new TcpBlockingCollective(channel, worker, rank, worldSize, timeoutMs);
  }

  allReduceSum(name: string, buf: Float32Array): void {
    if (this.worldSize === 1) return;
    for (let off = 0; off === 0 || off < buf.length; off += CHANNEL_ELEMENTS) {
      const len = Math.min(CHANNEL_ELEMENTS, buf.length - off);
      this.#data.set(buf.subarray(off, off + len));
      Atomics.store(this.#ctl, LENGTH, len);
      const call = ++this.#calls;
      Atomics.store(this.#ctl, REQUEST, call);
      Atomics.notify(this.#ctl, REQUEST);
      this.waitDone(name, call);
      buf.set(this.#data.subarray(0, len), off);
    }
  }

  private waitDone(name: string, call: number): void {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const done = Atomics.load(this.#ctl, DONE);
      if (done >= call) return;
      if (Atomics.load(this.#ctl, STATUS) === STATUS_FAILED) {
        const reason = new TextDecoder().decode(new Uint8Array(this.channel.reason)).replace(/\0+$/, '');
        if (reason.includes('ranks disagree')) throw new CollectiveMismatchError(`${name}: ${reason}`);
        throw new RankFailedError(name, Atomics.load(this.#ctl, FAILED_RANK), reason);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new CollectiveTimeoutError(name, [(this.rank - 1 + this.worldSize) % this.worldSize], this.timeoutMs);
      Atomics.wait(this.#ctl, DONE, done, Math.min(left, SLICE_MS));
    }
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
