import type { ReduceOp } from '@flint/core';
import { CollectiveMismatchError } from '../errors.js';
import { alloc, dtypeCode, type HostArray, type HostCollective } from '../host-collective.js';
import { finishReduce, reduceInto, reduceOpCode } from '../reduce-op.js';
import { ShmPhase } from './shm-phase.js';
import { META_WORDS, type ShmSegment } from './shm-segment.js';

const OP_CODES = { allReduce: 1, broadcast: 2, allGather: 3, reduceScatter: 4, barrier: 5 } as const;
type OpKind = keyof typeof OP_CODES;

/** Start of chunk `c` when `n` elements are split over `w` owners. */
const chunkStart = (n: number, w: number, c: number): number => Math.floor((c * n) / w);

/**
 * Collectives among worker threads over one `ShmSegment`. All-reduce is a direct
 * reduce-scatter + all-gather in shared memory: every rank writes its segment into its own
 * slot, rank c reduces chunk c reading every peer's slot (each rank reads n elements, as a ring
 * would, with no copies in between and no rank doing more than its share), then every rank reads
 * the reduced chunks. Inputs longer than a slot run segment by segment through two alternating
 * halves. Every collective first checks that all ranks called the same op on the same dtype and
 * length, so a mismatch is an error on every rank, never a wrong sum.
 */
export class ShmCollective implements HostCollective {
  readonly #phase: ShmPhase;
  readonly #f32: Float32Array;
  readonly #i32: Int32Array;
  readonly #meta: Int32Array;
  #metaHalf = 0;
  #dataHalf = 0;
  /** This rank's signature of the current collective, until the first phase checked it. */
  #unchecked: { readonly half: number; readonly mine: readonly number[] } | null = null;

  constructor(
    private readonly seg: ShmSegment,
    readonly rank: number,
  ) {
    this.#phase = new ShmPhase(seg, rank);
    this.#f32 = new Float32Array(seg.data);
    this.#i32 = new Int32Array(seg.data);
    this.#meta = new Int32Array(seg.control, 2 * seg.worldSize * 4);
  }

  get worldSize(): number {
    return this.seg.worldSize;
  }

  async allReduce(name: string, buf: HostArray, op: ReduceOp): Promise<void> {
    this.publish('allReduce', buf, reduceOpCode(op));
    const w = this.worldSize;
    const phase = this.#phase;
    await this.segments(name, buf.length, async (off, len) => {
      const view = this.view(buf);
      this.write(view, this.rank, buf, off, len);
      // Reduce each peer's share of my chunk as soon as that peer has written it, and copy each
      // reduced chunk as soon as its owner is done: stragglers overlap with work, not idle time.
      let seq = phase.announce();
      let deadline = Date.now() + this.seg.timeoutMs;
      const lo = chunkStart(len, w, this.rank);
      const n = chunkStart(len, w, this.rank + 1) - lo;
      const mine = this.slot(this.rank) + lo;
      for (let k = 1; k < w; k++) {
        const p = (this.rank + k) % w;
        await phase.waitFor(name, p, seq, deadline);
        this.checkPeer(name, p);
        reduceInto(view, mine, view, this.slot(p) + lo, n, op);
      }
      this.#unchecked = null;
      finishReduce(view, mine, n, op, w);
      seq = phase.announce();
      deadline = Date.now() + this.seg.timeoutMs;
      for (let k = 0; k < w; k++) {
        const c = (this.rank + k) % w;
        if (c !== this.rank) await phase.waitFor(name, c, seq, deadline);
        const a = chunkStart(len, w, c);
        const b = chunkStart(len, w, c + 1);
        buf.set(view.subarray(this.slot(c) + a, this.slot(c) + b), off + a);
      }
    });
  }

  async broadcast(name: string, buf: HostArray, src: number): Promise<void> {
    this.publish('broadcast', buf, src);
    await this.segments(name, buf.length, async (off, len) => {
      const view = this.view(buf);
      if (this.rank === src) this.write(view, src, buf, off, len);
      await this.sync(name);
      if (this.rank !== src) buf.set(view.subarray(this.slot(src), this.slot(src) + len), off);
    });
  }

  async allGather(name: string, buf: HostArray): Promise<HostArray> {
    this.publish('allGather', buf, 0);
    const n = buf.length;
    const out = alloc(buf, n * this.worldSize);
    if (this.worldSize === 1) out.set(buf);
    await this.segments(name, n, async (off, len) => {
      const view = this.view(buf);
      this.write(view, this.rank, buf, off, len);
      await this.sync(name);
      for (let p = 0; p < this.worldSize; p++) out.set(view.subarray(this.slot(p), this.slot(p) + len), p * n + off);
    });
    return out;
  }

  async reduceScatter(name: string, input: HostArray, op: ReduceOp): Promise<HostArray> {
    const w = this.worldSize;
    const n = input.length / w;
    const out = alloc(input, n);
    if (w === 1) {
      out.set(input);
      return out;
    }
    this.publish('reduceScatter', input, reduceOpCode(op));
    if (n === 0) await this.sync(name);
    // Segment the output: each slot holds the w sub-slices [c*n + off, c*n + off + len).
    const per = Math.max(1, Math.floor(this.seg.segmentElements / w));
    for (let off = 0; off < n; off += per) {
      const len = Math.min(per, n - off);
      const view = this.view(input);
      const base = this.slot(this.rank);
      for (let c = 0; c < w; c++) view.set(input.subarray(c * n + off, c * n + off + len), base + c * len);
      await this.sync(name);
      out.set(view.subarray(this.slot(0) + this.rank * len, this.slot(0) + (this.rank + 1) * len), off);
      for (let p = 1; p < w; p++) reduceInto(out, off, view, this.slot(p) + this.rank * len, len, op);
      finishReduce(out, off, len, op, w);
      this.#dataHalf ^= 1;
    }
    return out;
  }

  async barrier(name: string): Promise<void> {
    if (this.worldSize === 1) return;
    this.publish('barrier', new Int32Array(0), 0);
    await this.sync(name);
  }

  async close(): Promise<void> {
    this.#phase.leave();
  }

  /**
   * Publishes this call's signature [op, dtype, length, extra] for the peers to check at the
   * first phase; signatures alternate between two halves per collective, so a fast rank never
   * overwrites one a slow rank has yet to check.
   */
  private publish(kind: OpKind, buf: HostArray, extra: number): void {
    const half = this.#metaHalf;
    this.#metaHalf ^= 1;
    const mine = [OP_CODES[kind], dtypeCode(buf), buf.length, extra];
    this.#meta.set(mine, (half * this.worldSize + this.rank) * META_WORDS);
    this.#unchecked = { half, mine };
  }

  /**
   * Enters the next phase and waits for every rank. At a collective's first phase it also
   * checks that all ranks called the same op on the same dtype and length, before any data is
   * used: a mismatch is an error on every rank, never a wrong sum (and costs no extra phase).
   */
  private async sync(name: string): Promise<void> {
    await this.#phase.arrive(name);
    if (!this.#unchecked) return;
    for (let p = 0; p < this.worldSize; p++) this.checkPeer(name, p);
    this.#unchecked = null;
  }

  /**
   * Before the first use of rank `p`'s data in a collective: `p` must have called the same op on
   * the same dtype and length (every rank checks every peer, so a mismatch fails every rank).
   */
  private checkPeer(name: string, p: number): void {
    const pending = this.#unchecked;
    if (!pending) return;
    const at = (pending.half * this.worldSize + p) * META_WORDS;
    const m = this.#meta.subarray(at, at + META_WORDS);
    const mine = pending.mine;
    if (m[0] !== mine[0] || m[1] !== mine[1] || m[2] !== mine[2] || m[3] !== mine[3]) {
      this.#unchecked = null;
      throw new CollectiveMismatchError(`${name}: ranks disagree on the collective: rank ${this.rank}: ${describe(mine)}; rank ${p}: ${describe(m)}`);
    }
  }

  /** Runs `body(offset, length)` over `n` elements in slot-sized pieces, flipping halves. */
  private async segments(name: string, n: number, body: (off: number, len: number) => Promise<void>): Promise<void> {
    if (this.worldSize === 1) return;
    if (n === 0) return this.sync(name);
    for (let off = 0; off < n; off += this.seg.segmentElements) {
      await body(off, Math.min(this.seg.segmentElements, n - off));
      this.#dataHalf ^= 1;
    }
  }

  private view(buf: HostArray): HostArray {
    return buf instanceof Int32Array ? this.#i32 : this.#f32;
  }

  /** Element offset of rank `r`'s slot in the current half. */
  private slot(r: number): number {
    return (this.#dataHalf * this.worldSize + r) * this.seg.segmentElements;
  }

  private write(view: HostArray, r: number, buf: HostArray, off: number, len: number): void {
    view.set(buf.subarray(off, off + len), this.slot(r));
  }
}

const KIND_BY_CODE = Object.fromEntries(Object.entries(OP_CODES).map(([k, v]) => [v, k]));

function describe(m: ArrayLike<number>): string {
  return `${KIND_BY_CODE[m[0]] ?? `op ${m[0]}`} of ${m[2]} ${m[1] === 2 ? 'int32' : 'float32'} elements (${m[3]})`;
}
