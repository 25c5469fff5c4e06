import { CollectiveMismatchError, CollectiveTimeoutError, RankFailedError } from '../errors.js';
import type { BlockingCollective } from '../blocking-collective.js';
import { STATUS_DESTROYED, STATUS_FAILED, type ShmSegment } from './shm-segment.js';

/** Longest single `Atomics.wait`; between slices the waiter checks peers' status and the deadline. */
const SLICE_MS = 100;

/**
 * Blocking all-reduce among worker-thread ranks over the segment's side channel. Each pass:
 * every rank writes its piece into its slot of the current half, bumps its arrive word, waits
 * (`Atomics.wait`, in slices) for every peer's, then sums all slots in rank order, so every
 * rank computes the same bits. Halves alternate per pass: a rank can only write a half again
 * after every peer arrived at the pass in between, i.e. finished reading it. Ranks of one
 * group must live on different threads (a thread blocked here cannot run a peer), as `spawn`
 * makes them; otherwise the wait ends in `CollectiveTimeoutError`.
 */
export class ShmBlockingCollective implements BlockingCollective {
  readonly #arrive: Int32Array;
  readonly #lengths: Int32Array;
  readonly #data: Float32Array;
  readonly #status: Int32Array;
  #pass = 0;

  constructor(
    private readonly seg: ShmSegment,
    private readonly rank: number,
  ) {
    this.#arrive = new Int32Array(seg.blockingControl, 0, seg.worldSize);
    this.#lengths = new Int32Array(seg.blockingControl, seg.worldSize * 4, 2 * seg.worldSize);
    this.#data = new Float32Array(seg.blockingData);
    this.#status = new Int32Array(seg.control, seg.worldSize * 4, seg.worldSize);
  }

  allReduceSum(name: string, buf: Float32Array): void {
    const w = this.seg.worldSize;
    if (w === 1) return;
    const per = this.seg.blockingElements;
    // Zero-length inputs still take one pass, so every rank checks the others' lengths.
    for (let off = 0; off === 0 || off < buf.length; off += per) {
      const len = Math.min(per, buf.length - off);
      const half = this.#pass & 1;
      const slot = (r: number): number => (half * w + r) * per;
      this.#data.set(buf.subarray(off, off + len), slot(this.rank));
      Atomics.store(this.#lengths, half * w + this.rank, buf.length);
      this.arriveAndWait(name, ++this.#pass);
      for (let p = 0; p < w; p++) {
        const theirs = Atomics.load(this.#lengths, half * w + p);
        if (theirs !== buf.length) {
          throw new CollectiveMismatchError(`${name}: rank ${this.rank} reduces ${buf.length} float32 elements, rank ${p} ${theirs}`);
        }
      }
      const data = this.#data;
      for (let i = 0; i < len; i++) {
        let s = data[slot(0) + i];
        for (let p = 1; p < w; p++) s += data[slot(p) + i];
        buf[off + i] = s;
      }
    }
  }

  private arriveAndWait(name: string, pass: number): void {
    const arrive = this.#arrive;
    Atomics.store(arrive, this.rank, pass);
    Atomics.notify(arrive, this.rank);
    const deadline = Date.now() + this.seg.timeoutMs;
    for (let p = 0; p < this.seg.worldSize; p++) {
      for (;;) {
        const seen = Atomics.load(arrive, p);
        if (seen >= pass) break;
        const status = Atomics.load(this.#status, p);
        if (status === STATUS_FAILED) throw new RankFailedError(name, p, 'its worker thread exited');
        if (status === STATUS_DESTROYED) throw new RankFailedError(name, p, 'it destroyed its process group');
        const left = deadline - Date.now();
        if (left <= 0) throw new CollectiveTimeoutError(name, this.missing(pass), this.seg.timeoutMs);
        Atomics.wait(arrive, p, seen, Math.min(left, SLICE_MS));
      }
    }
  }

  private missing(pass: number): number[] {
    const out: number[] = [];
    for (let p = 0; p < this.seg.worldSize; p++) if (Atomics.load(this.#arrive, p) < pass) out.push(p);
    return out;
  }
}
