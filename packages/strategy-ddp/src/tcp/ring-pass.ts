import type { ReduceOp } from '@flint/core';
import type { HostArray } from '../host-collective.js';
import { finishReduce, reduceInto } from '../reduce-op.js';
import type { FrameSink } from './frame-sink.js';
import type { FramedSocket } from './framed-socket.js';

/** What a ring pass does; the chunk owned at each step follows the ring. */
export interface RingPassPlan {
  /** Every frame's tag (the collective's sequence and op). */
  readonly tag: number;
  readonly buf: HostArray;
  readonly worldSize: number;
  /** Element range `[a, b)` of chunk `c` (0 <= c < worldSize). */
  readonly chunk: (c: number) => readonly [number, number];
  /** The chunk sent first; step `s` receives chunk `first - s - 1`. */
  readonly first: number;
  readonly steps: number;
  /** Steps `s < reduceSteps` reduce what arrives into `buf` with `op`; later steps overwrite with it. */
  readonly reduceSteps: number;
  readonly op: ReduceOp;
  /** Whether frames of the last step go on to rank + 1 too (broadcast, unless rank + 1 is the source). */
  readonly forwardsLast: boolean;
  /** Elements per frame: chunks travel as frames of at most this many elements. */
  readonly pieceElements: number;
  /** Builds the error for a frame this pass did not expect (it also fails the group). */
  readonly mismatch: (gotTag: number, gotBytes: number, wantBytes: number) => Error;
}

/** Bytes of `buf[a, b)` as a Buffer over the same memory. */
export const bytesOf = (buf: HostArray, a: number, b: number): Buffer => Buffer.from(buf.buffer, buf.byteOffset + a * 4, (b - a) * 4);

/**
 * The receiving side of a pipelined ring pass, as a `FrameSink`: each frame from rank - 1 is
 * reduced (or copied) into `buf` from wherever the socket read it, read by read, and forwarded
 * to rank + 1 from `buf` itself as soon as it is complete, so pieces flow around the ring while
 * later ones are still arriving. Element by element the arithmetic is the same as reducing
 * whole chunks: results do not depend on how the bytes were split.
 */
export class RingPass implements FrameSink {
  readonly done: Promise<void>;
  /** Called after each frame (the collective's timeout restarts). */
  onFrame: () => void = () => undefined;
  #resolve: () => void = () => undefined;
  #reject: (e: Error) => void = () => undefined;
  #settled = false;
  #step = 0;
  #chunkEnd = 0;
  #pieceStart = 0;
  #pieceEnd = 0;

  constructor(
    private readonly plan: RingPassPlan,
    private readonly next: FramedSocket,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    if (plan.steps === 0) this.settle(null);
    else this.enterStep(0);
  }

  /** Sends chunk `first` from `buf`, frame by frame (before any forwarding, as peers expect). */
  sendFirst(): void {
    const p = this.plan;
    const [a, b] = p.chunk(this.chunkIndex(p.first));
    if (a === b) this.next.sendView(p.tag, bytesOf(p.buf, a, a));
    for (let at = a; at < b; at += p.pieceElements) this.next.sendView(p.tag, bytesOf(p.buf, at, Math.min(b, at + p.pieceElements)));
  }

  accept(tag: number, bytes: number): boolean {
    const want = (this.#pieceEnd - this.#pieceStart) * 4;
    if (this.#settled) return false;
    if (tag === this.plan.tag && bytes === want) return true;
    const e = this.plan.mismatch(tag, bytes, want);
    this.settle(e);
    return false;
  }

  take(f32: Float32Array, i32: Int32Array, from: number, count: number, at: number): void {
    const p = this.plan;
    const buf = p.buf;
    const src = buf instanceof Float32Array ? f32 : i32;
    const dst = this.#pieceStart + at;
    if (this.#step < p.reduceSteps) reduceInto(buf, dst, src, from, count, p.op);
    else buf.set(src.subarray(from, from + count), dst);
  }

  direct(at: number, bytes: number): Uint8Array | null {
    if (this.#step < this.plan.reduceSteps) return null;
    const buf = this.plan.buf;
    return new Uint8Array(buf.buffer, buf.byteOffset + this.#pieceStart * 4 + at, bytes);
  }

  frameDone(): boolean {
    const p = this.plan;
    this.onFrame();
    const a = this.#pieceStart;
    const b = this.#pieceEnd;
    if (this.#step < p.reduceSteps && this.#step === p.worldSize - 2) finishReduce(p.buf, a, b - a, p.op, p.worldSize);
    if (this.#step < p.steps - 1 || p.forwardsLast) this.next.sendView(p.tag, bytesOf(p.buf, a, b));
    if (b < this.#chunkEnd) {
      this.#pieceStart = b;
      this.#pieceEnd = Math.min(this.#chunkEnd, b + p.pieceElements);
      return false;
    }
    if (this.#step + 1 < p.steps) {
      this.enterStep(this.#step + 1);
      return false;
    }
    this.settle(null);
    return true;
  }

  fail(e: Error): void {
    this.settle(e);
  }

  private enterStep(s: number): void {
    const p = this.plan;
    this.#step = s;
    const [a, b] = p.chunk(this.chunkIndex(p.first - s - 1));
    this.#chunkEnd = b;
    this.#pieceStart = a;
    this.#pieceEnd = Math.min(b, a + p.pieceElements);
  }

  private chunkIndex(c: number): number {
    const w = this.plan.worldSize;
    return ((c % w) + w) % w;
  }

  private settle(e: Error | null): void {
    if (this.#settled) return;
    this.#settled = true;
    if (e) this.#reject(e);
    else this.#resolve();
  }
}
