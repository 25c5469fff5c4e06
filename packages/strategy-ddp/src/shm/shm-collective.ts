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
    await this.begin(name, 'allReduce', buf, reduceOpCode(op));
    const w = this.worldSize;
    await this.segments(buf.length, async (off, len) => {
      const view = this.view(buf);
      this.write(view, this.rank, buf, off, len);
      await this.#phase.arrive(name);
      const lo = chunkStart(len, w, this.rank);
      const n = chunkStart(len, w, this.rank + 1) - lo;
      const mine = this.slot(this.rank) + lo;
      for (let p = 0; p < w; p++) if (p !== this.rank) reduceInto(view, mine, view, this.slot(p) + lo, n, op);
      finishReduce(view, mine, n, op, w);
      await this.#phase.arrive(name);
      for (let c = 0; c < w; c++) {
        const a = chunkStart(len, w, c);
        const b = chunkStart(len, w, c + 1);
        buf.set(view.subarray(this.slot(c) + a, this.slot(c) + b), off + a);
      }
    });
  }

  async broadcast(name: string, buf: HostArray, src: number): Promise<void> {
    await this.begin(name, 'broadcast', buf, src);
    await this.segments(buf.length, async (off, len) => {
      const view = this.view(buf);
      if (this.rank === src) this.write(view, src, buf, off, len);
      await this.#phase.arrive(name);
      if (this.rank !== src) buf.set(view.subarray(this.slot(src), this.slot(src) + len), off);
    });
  }

  async allGather(name: string, buf: HostArray): Promise<HostArray> {
    await this.begin(name, 'allGather', buf, 0);
    const n = buf.length;
    const out = alloc(buf, n * this.worldSize);
    if (this.worldSize === 1) out.set(buf);
    await this.segments(n, async (off, len) => {
      const view = this.view(buf);
      this.write(view, this.rank, buf, off, len);
      await this.#phase.arrive(name);
      for (let p = 0; p < this.worldSize; p++) out.set(view.subarray(this.slot(p), this.slot(p) + len), p * n + off);
    });
    return out;
  }

  async reduceScatter(name: string, input: HostArray, op: ReduceOp): Promise<HostArray> {
    await this.begin(name, 'reduceScatter', input, reduceOpCode(op));
    const w = this.worldSize;
    const n = input.length / w;
    const out = alloc(input, n);
    if (w === 1) {
      out.set(input);
      return out;
    }
    // Segment the output: each slot holds the w sub-slices [c*n + off, c*n + off + len).
    const per = Math.max(1, Math.floor(this.seg.segmentElements / w));
    for (let off = 0; off < n; off += per) {
      const len = Math.min(per, n - off);
      const view = this.view(input);
      const base = this.slot(this.rank);
      for (let c = 0; c < w; c++) view.set(input.subarray(c * n + off, c * n + off + len), base + c * len);
      await this.#phase.arrive(name);
      out.set(view.subarray(this.slot(0) + this.rank * len, this.slot(0) + (this.rank + 1) * len), off);
      for (let p = 1; p < w; p++) reduceInto(out, off, view, this.slot(p) + this.rank * len, len, op);
      finishReduce(out, off, len, op, w);
      this.#dataHalf ^= 1;
    }
    return out;
  }

  async barrier(name: string): Promise<void> {
    await this.begin(name, 'barrier', new Int32Array(0), 0);
  }

  async close(): Promise<void> {
    this.#phase.leave();
  }

  /** Publishes this call's signature, waits for every rank, and checks all signatures agree. */
  private async begin(name: string, kind: OpKind, buf: HostArray, extra: number): Promise<void> {
    const w = this.worldSize;
    const half = this.#metaHalf;
    this.#metaHalf ^= 1;
    const at = (r: number): number => (half * w + r) * META_WORDS;
    const mine = [OP_CODES[kind], dtypeCode(buf), buf.length, extra];
    this.#meta.set(mine, at(this.rank));
    await this.#phase.arrive(name);
    const bad: string[] = [];
    for (let p = 0; p < w; p++) {
      const m = this.#meta.subarray(at(p), at(p) + META_WORDS);
      if (m[0] !== mine[0] || m[1] !== mine[1] || m[2] !== mine[2] || m[3] !== mine[3]) bad.push(`rank ${p}: ${describe(m)}`);
    }
    if (bad.length) {
      throw new CollectiveMismatchError(`${name}: ranks disagree on the collective: rank ${this.rank}: ${describe(mine)}; ${bad.join('; ')}`);
    }
  }

  /** Runs `body(offset, length)` over `n` elements in slot-sized pieces, flipping halves. */
  private async segments(n: number, body: (off: number, len: number) => Promise<void>): Promise<void> {
    if (this.worldSize === 1) return;
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
