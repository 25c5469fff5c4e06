import type { ReduceOp } from '@flint/core';
import { CollectiveMismatchError, CollectiveTimeoutError, RankFailedError } from '../errors.js';
import { alloc, type HostArray, type HostCollective } from '../host-collective.js';
import { finishReduce } from '../reduce-op.js';
import { writeJsonLine } from './json-lines.js';
import { RingPass, type RingPassPlan } from './ring-pass.js';
import { describeTag, frameTag, type FrameKind } from './frame-tag.js';
import type { Ring } from './tcp-rendezvous.js';

/**
 * Largest frame by default: pieces this size flow around the ring while the next ones are
 * reduced. Measured on 2 cores, 2 and 4 ranks, 1M to 100M floats: 1 to 16 MB are within noise
 * of each other, 4 MB was never the slowest; 256 KB is slower (more frames, more callbacks).
 */
export const DEFAULT_PIECE_BYTES = 4 << 20;
/** How long a closed connection waits for the store to name the rank that died first. */
const CLOSE_GRACE_MS = 300;
/** How long a timed-out rank waits for the store's census of who is missing. */
const CENSUS_WAIT_MS = 2000;

/** How a collective runs its ring pass (see `TcpCollective.pass`). */
type PassShape = Pick<RingPassPlan, 'chunk' | 'first' | 'steps' | 'reduceSteps' | 'op'> & {
  readonly sendsFirst?: boolean;
  readonly forwardsLast?: boolean;
};

/**
 * Collectives between processes over a TCP ring. All-reduce is the pipelined ring: W-1
 * reduce-scatter steps then W-1 all-gather steps, each chunk cut into frames of at most
 * `pieceBytes` that are forwarded to rank + 1 as soon as they are reduced, so every link carries
 * 2(W-1)/W of the data and no rank is a hub. Frames are sent from the caller's array itself and
 * reduced (or read) into it straight from the socket's read buffer (`RingPass`): no copies in
 * between, and no memory allocated per frame but small views. Each frame's tag carries the
 * collective's sequence number, kind, reduce op, dtype and element count (`frameTag`) and its
 * length is checked against what this rank expects, so ranks that disagree fail instead of
 * summing garbage. A closed connection or a store abort fails every pending and later call with
 * `RankFailedError` naming the rank; a silent peer fails with `CollectiveTimeoutError`.
 */
export class TcpCollective implements HostCollective {
  #seq = 0;
  #current = 'idle';
  #failure: Error | null = null;
  #settle: (e: Error) => void = () => undefined;
  /** Resolves with the group's failure once it is known (a close waits a moment for the store's word). */
  readonly #failed = new Promise<Error>((resolve) => (this.#settle = resolve));
  #closed = false;
  /** A collective failed (timeout or mismatch): closing must not wait for peers that may be hung. */
  #broken = false;

  constructor(
    private readonly ring: Ring,
    readonly rank: number,
    readonly worldSize: number,
    private readonly timeoutMs: number,
    /** Largest frame in bytes (a multiple of 4): the pipelining grain of the ring. */
    private readonly pieceBytes = DEFAULT_PIECE_BYTES,
  ) {
    if (!(pieceBytes >= 4 && pieceBytes % 4 === 0)) throw new RangeError(`TcpCollective: pieceBytes must be a positive multiple of 4, got ${pieceBytes}`);
    const prevRank = (rank - 1 + worldSize) % worldSize;
    const nextRank = (rank + 1) % worldSize;
    ring.prev.onClose = (why, clean) => this.peerClosed(prevRank, why, clean);
    ring.next.onClose = (why, clean) => this.peerClosed(nextRank, why, clean, true);
    ring.onStoreEvent = (e) => {
      if (e.type === 'abort') this.fail(e.rank, e.reason, false);
      else if (e.type === 'report') writeJsonLine(this.ring.store, { type: 'seq', seq: this.#seq });
      else if (e.type === 'missing') this.#censusAnswer?.(e.ranks);
    };
    // A reset store connection (rank 0 left at once after a failure) is handled by 'close'.
    ring.store.on('error', () => undefined);
    ring.store.on('close', () => {
      if (!this.#closed) setTimeout(() => this.fail(0, 'lost the connection to the store rank 0 hosts'), CLOSE_GRACE_MS).unref();
    });
  }

  /**
   * A neighbour's connection ended. After a clean bye this only matters if we still expect
   * data from it (a rank that left early: later collectives fail naming it). An unclean close
   * fails the group, after a short grace in which the store may name the rank that died first
   * (a neighbour that merely failed because of it should not be blamed).
   */
  private peerClosed(peer: number, why: string, clean: boolean, sendSide = false): void {
    if (this.#closed) return;
    if (clean) {
      if (!sendSide) this.#pendingGone ??= { peer, why };
      return;
    }
    setTimeout(() => this.fail(peer, why), CLOSE_GRACE_MS).unref();
  }

  #pendingGone: { peer: number; why: string } | undefined;
  #censusAnswer: ((ranks: number[]) => void) | undefined;

  /**
   * After a timeout: which ranks never reached this collective, by the store's census (so a
   * rank that waits on a live but blocked neighbour names the hung rank, not the neighbour);
   * `fallback` (the ring predecessor) when the store cannot tell.
   */
  private missingRanks(fallback: number): Promise<number[]> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done([]), CENSUS_WAIT_MS);
      const done = (ranks: number[]): void => {
        clearTimeout(timer);
        this.#censusAnswer = undefined;
        resolve(ranks.length ? ranks : [fallback]);
      };
      this.#censusAnswer = done;
      writeJsonLine(this.ring.store, { type: 'who', seq: this.#seq });
    });
  }

  /** Fails the group: every pending and later collective rejects with this error. */
  private fail(rank: number, reason: string, tell = true): void {
    if (this.#failure || this.#closed) return;
    const e = new RankFailedError(this.#current, rank, reason);
    this.#failure = e;
    if (tell) writeJsonLine(this.ring.store, { type: 'abort', rank, reason: `${reason}, seen by rank ${this.rank} in ${this.#current}` });
    this.#settle(e);
    this.ring.prev.fail(e);
    this.ring.next.fail(e);
    // A failed group must not keep the process alive: the caller's error decides what happens.
    this.ring.prev.unref();
    this.ring.next.unref();
    this.ring.store.unref();
    this.ring.listener.unref();
    this.ring.storeServer?.unref();
  }

  /** The address of this rank's interface that reaches the master (where its ring listens). */
  get localHost(): string {
    return (this.ring.store.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  }

  async allReduce(name: string, buf: HostArray, op: ReduceOp): Promise<void> {
    const w = this.worldSize;
    const n = buf.length;
    const chunk = (c: number): [number, number] => [Math.floor((c * n) / w), Math.floor(((c + 1) * n) / w)];
    await this.pass(name, 'allReduce', buf, { chunk, first: this.rank, steps: 2 * (w - 1), reduceSteps: w - 1, op });
    if (w === 1) finishReduce(buf, 0, n, op, 1);
  }

  async broadcast(name: string, buf: HostArray, src: number): Promise<void> {
    const w = this.worldSize;
    const whole = (): [number, number] => [0, buf.length];
    const receives = this.rank === src ? 0 : 1;
    await this.pass(name, 'broadcast', buf, { chunk: whole, first: 0, steps: receives, reduceSteps: 0, op: 'sum', sendsFirst: !receives, forwardsLast: (this.rank + 1) % w !== src });
  }

  async allGather(name: string, buf: HostArray): Promise<HostArray> {
    const n = buf.length;
    const out = alloc(buf, n * this.worldSize);
    out.set(buf, this.rank * n);
    await this.pass(name, 'allGather', out, { chunk: (c) => [c * n, (c + 1) * n], first: this.rank, steps: this.worldSize - 1, reduceSteps: 0, op: 'sum' });
    return out;
  }

  async reduceScatter(name: string, input: HostArray, op: ReduceOp): Promise<HostArray> {
    const w = this.worldSize;
    const n = input.length / w;
    const buf = input.slice();
    await this.pass(name, 'reduceScatter', buf, { chunk: (c) => [c * n, (c + 1) * n], first: this.rank - 1, steps: w - 1, reduceSteps: w - 1, op });
    if (w === 1) finishReduce(buf, 0, n, op, 1);
    return buf.slice(this.rank * n, (this.rank + 1) * n);
  }

  async barrier(name: string): Promise<void> {
    const token = new Int32Array(1);
    await this.pass(name, 'barrier', token, { chunk: (c) => (c === 0 ? [0, 1] : [1, 1]), first: this.rank, steps: this.worldSize - 1, reduceSteps: 0, op: 'sum' });
  }

  /**
   * The ring pass every collective uses: send chunk `first` (unless `sendsFirst` is false),
   * then for `steps` steps take chunk `first - s - 1` from rank - 1 frame by frame, reducing it
   * into `buf` (steps before `reduceSteps`) or copying it, and forward it to rank + 1 (after the
   * last step only if `forwardsLast`). Returns once this rank's sends left `buf`, so the caller
   * may change it.
   */
  private async pass(name: string, kind: FrameKind, buf: HostArray, shape: PassShape): Promise<void> {
    const tag = this.begin(name, kind, buf, shape.op);
    if (this.worldSize === 1) return this.end();
    const mismatch = (gotTag: number, gotBytes: number, wantBytes: number): Error => this.mismatch(tag, gotTag, gotBytes, wantBytes);
    const plan = { forwardsLast: false, ...shape, tag, buf, worldSize: this.worldSize, pieceElements: this.pieceBytes >> 2, mismatch };
    const ring = new RingPass(plan, this.ring.next);
    if (shape.sendsFirst ?? true) ring.sendFirst();
    this.ring.prev.attach(ring);
    try {
      await this.watched(ring);
    } catch (e) {
      this.#broken = true;
      if (e instanceof CollectiveMismatchError) this.fail(this.rank, e.message);
      throw await this.failureOf(e);
    } finally {
      this.ring.prev.detach(ring);
      // Rejected mid-frame with a read armed into `buf` (the caller's tensor): those late bytes
      // would land after `buf` went back to the caller, so this connection ends first.
      if (this.ring.prev.lendsTo(ring)) {
        this.fail(this.rank, `left ${name} with a frame half received`);
        this.ring.prev.destroy();
      }
    }
    await this.ring.next.flushed();
    this.end();
  }

  /** `pass.done`, or `CollectiveTimeoutError` once no frame arrived for `timeoutMs`. */
  private watched(pass: RingPass): Promise<void> {
    const prevRank = (this.rank - 1 + this.worldSize) % this.worldSize;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const current = this.#current;
        void this.missingRanks(prevRank).then((ranks) => reject(new CollectiveTimeoutError(current, ranks, this.timeoutMs)));
      }, this.timeoutMs);
    });
    pass.onFrame = () => timer?.refresh();
    return Promise.race([pass.done, timeout]).finally(() => clearTimeout(timer));
  }

  /** The error for a frame that is not the one this rank expects (the pass then fails the group). */
  private mismatch(tag: number, gotTag: number, gotBytes: number, wantBytes: number): Error {
    const prevRank = (this.rank - 1 + this.worldSize) % this.worldSize;
    const e = new CollectiveMismatchError(
      `${this.#current}: rank ${prevRank} sent ${gotBytes} bytes of ${describeTag(gotTag)}, rank ${this.rank} expected ` +
        `${wantBytes} bytes of ${describeTag(tag)}: ranks called collectives with different ops, reduce ops, dtypes or counts`,
    );
    return e;
  }

  /** The error a collective reports for a failed receive. */
  private async failureOf(e: unknown): Promise<Error> {
    if (e instanceof CollectiveTimeoutError || e instanceof CollectiveMismatchError) return e;
    if (this.#failure) return this.#failure;
    const gone = this.#pendingGone;
    if (gone) return new RankFailedError(this.#current, gone.peer, gone.why);
    return this.#failed;
  }

  private begin(name: string, kind: FrameKind, buf: HostArray, op: ReduceOp): number {
    const failure = this.#failure;
    // A failure seen between collectives is reported by the first collective that needs the peer.
    if (failure instanceof RankFailedError && failure.collective === 'idle') throw new RankFailedError(name, failure.failedRank, failure.reason);
    if (failure) throw failure;
    if (this.#pendingGone) throw new RankFailedError(name, this.#pendingGone.peer, this.#pendingGone.why);
    this.#current = name;
    this.#seq = (this.#seq + 1) & 0x0fffffff;
    return frameTag(this.#seq, kind, buf, op);
  }

  private end(): void {
    this.#current = 'idle';
  }

  /**
   * Leaves the group. After a failed collective the peers may be hung (a busy loop never reads
   * or closes its sockets), so the connections are destroyed instead of ended and rank 0's store
   * does not wait for their goodbyes: nothing here can keep this process alive.
   */
  async close(abort = false): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const broken = abort || this.#broken || this.#failure !== null;
    writeJsonLine(this.ring.store, { type: 'bye' });
    if (broken) {
      this.ring.next.destroy();
      this.ring.prev.destroy();
    } else {
      this.ring.next.end();
      this.ring.prev.end();
      // A peer that never closes its side (hung after we finished) must not keep us alive.
      setTimeout(() => {
        this.ring.next.destroy();
        this.ring.prev.destroy();
        this.ring.store.destroy();
      }, this.timeoutMs).unref();
    }
    this.ring.listener.close();
    await this.ring.storeServer?.close(broken ? 0 : this.timeoutMs);
    if (broken) this.ring.store.destroy();
    else this.ring.store.end();
  }
}
