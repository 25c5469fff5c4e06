import type { ReduceOp } from '@flint/core';
import { CollectiveMismatchError, CollectiveTimeoutError, RankFailedError } from '../errors.js';
import { alloc, type HostArray, type HostCollective } from '../host-collective.js';
import { finishReduce, reduceInto } from '../reduce-op.js';
import { writeJsonLine } from './json-lines.js';
import type { Ring } from './tcp-rendezvous.js';

/** Largest frame: pieces this size flow around the ring while the next ones are reduced. */
const PIECE_BYTES = 1 << 20;
/** How long a closed connection waits for the store to name the rank that died first. */
const CLOSE_GRACE_MS = 300;
/** How long a timed-out rank waits for the store's census of who is missing. */
const CENSUS_WAIT_MS = 2000;
const OP_CODES = { allReduce: 1, broadcast: 2, allGather: 3, reduceScatter: 4, barrier: 5 } as const;

type Apply = (step: number, off: number, piece: HostArray) => void;

/** Splits `[a, b)` into frame-sized pieces; an empty range is one empty piece. */
function pieces(a: number, b: number): [number, number][] {
  const per = PIECE_BYTES / 4;
  const out: [number, number][] = [];
  for (let at = a; at < b; at += per) out.push([at, Math.min(b, at + per)]);
  return out.length ? out : [[a, a]];
}

const bytesOf = (buf: HostArray, a: number, b: number): Uint8Array => new Uint8Array(buf.buffer, buf.byteOffset + a * 4, (b - a) * 4);

/**
 * Collectives between processes over a TCP ring. All-reduce is the pipelined ring: W-1
 * reduce-scatter steps then W-1 all-gather steps, each chunk cut into 1 MB frames that are
 * forwarded to rank + 1 as soon as they are reduced, so every link carries 2(W-1)/W of the data
 * and no rank is a hub. Each frame's tag carries the collective's sequence number and op and its
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

  constructor(
    private readonly ring: Ring,
    readonly rank: number,
    readonly worldSize: number,
    private readonly timeoutMs: number,
  ) {
    const prevRank = (rank - 1 + worldSize) % worldSize;
    const nextRank = (rank + 1) % worldSize;
    ring.prev.onClose = (why, clean) => this.peerClosed(prevRank, why, clean);
    ring.next.onClose = (why, clean) => this.peerClosed(nextRank, why, clean, true);
    ring.onStoreEvent = (e) => {
      if (e.type === 'abort') this.fail(e.rank, e.reason, false);
      else if (e.type === 'report') writeJsonLine(this.ring.store, { type: 'seq', seq: this.#seq });
      else if (e.type === 'missing') this.#censusAnswer?.(e.ranks);
    };
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
    await this.pass(name, 'allReduce', buf, chunk, this.rank, 2 * (w - 1), (step, off, piece) => {
      if (step < w - 1) {
        reduceInto(buf, off, piece, 0, piece.length, op);
        if (step === w - 2) finishReduce(buf, off, piece.length, op, w);
      } else buf.set(piece, off);
    });
    if (w === 1) finishReduce(buf, 0, n, op, 1);
  }

  async broadcast(name: string, buf: HostArray, src: number): Promise<void> {
    const w = this.worldSize;
    const tag = this.begin(name, 'broadcast');
    if (w === 1) return;
    const ps = pieces(0, buf.length);
    if (this.rank === src) {
      for (const [a, b] of ps) this.ring.next.send(tag, bytesOf(buf, a, b));
    }
    const forward = (this.rank + 1) % w !== src;
    if (this.rank !== src) {
      for (const [a, b] of ps) {
        const piece = await this.recv(tag, buf, b - a);
        buf.set(piece, a);
        this.ring.prev.release(piece.buffer);
        if (forward) this.ring.next.send(tag, bytesOf(buf, a, b));
      }
    }
    this.end();
  }

  async allGather(name: string, buf: HostArray): Promise<HostArray> {
    const n = buf.length;
    const out = alloc(buf, n * this.worldSize);
    out.set(buf, this.rank * n);
    await this.pass(name, 'allGather', out, (c) => [c * n, (c + 1) * n], this.rank, this.worldSize - 1, (_s, off, piece) =>
      out.set(piece, off),
    );
    return out;
  }

  async reduceScatter(name: string, input: HostArray, op: ReduceOp): Promise<HostArray> {
    const w = this.worldSize;
    const n = input.length / w;
    const buf = input.slice();
    await this.pass(name, 'reduceScatter', buf, (c) => [c * n, (c + 1) * n], this.rank - 1, w - 1, (step, off, piece) => {
      reduceInto(buf, off, piece, 0, piece.length, op);
      if (step === w - 2) finishReduce(buf, off, piece.length, op, w);
    });
    if (w === 1) finishReduce(buf, 0, n, op, 1);
    return buf.slice(this.rank * n, (this.rank + 1) * n);
  }

  async barrier(name: string): Promise<void> {
    const token = new Int32Array(1);
    await this.pass(name, 'barrier', token, (c) => (c === 0 ? [0, 1] : [1, 1]), this.rank, this.worldSize - 1, () => undefined);
  }

  /**
   * The ring pass every collective but broadcast uses: send chunk `first`, then for `steps`
   * steps receive chunk `first - s - 1` from rank - 1 piece by piece, `apply` it, and forward it
   * to rank + 1 (except after the last step).
   */
  private async pass(
    name: string,
    kind: keyof typeof OP_CODES,
    buf: HostArray,
    chunk: (c: number) => [number, number],
    first: number,
    steps: number,
    apply: Apply,
  ): Promise<void> {
    const tag = this.begin(name, kind);
    const w = this.worldSize;
    if (w === 1) return this.end();
    const mod = (c: number): number => ((c % w) + w) % w;
    const [a0, b0] = chunk(mod(first));
    for (const [a, b] of pieces(a0, b0)) this.ring.next.send(tag, bytesOf(buf, a, b));
    for (let s = 0; s < steps; s++) {
      const [ca, cb] = chunk(mod(first - s - 1));
      for (const [a, b] of pieces(ca, cb)) {
        const piece = await this.recv(tag, buf, b - a);
        apply(s, a, piece);
        this.ring.prev.release(piece.buffer);
        if (s < steps - 1) this.ring.next.send(tag, bytesOf(buf, a, b));
      }
    }
    this.end();
  }

  private begin(name: string, kind: keyof typeof OP_CODES): number {
    const failure = this.#failure;
    // A failure seen between collectives is reported by the first collective that needs the peer.
    if (failure instanceof RankFailedError && failure.collective === 'idle') throw new RankFailedError(name, failure.failedRank, failure.reason);
    if (failure) throw failure;
    if (this.#pendingGone) throw new RankFailedError(name, this.#pendingGone.peer, this.#pendingGone.why);
    this.#current = name;
    this.#seq = (this.#seq + 1) & 0x0fffffff;
    return ((this.#seq << 3) | OP_CODES[kind]) >>> 0;
  }

  private end(): void {
    this.#current = 'idle';
  }

  /** The next frame from rank - 1 as `like`'s type, checked against the expected tag and length. */
  private async recv(tag: number, like: HostArray, elements: number): Promise<HostArray> {
    const prevRank = (this.rank - 1 + this.worldSize) % this.worldSize;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const current = this.#current;
        void this.missingRanks(prevRank).then((ranks) => reject(new CollectiveTimeoutError(current, ranks, this.timeoutMs)));
      }, this.timeoutMs);
    });
    try {
      const f = await Promise.race([this.ring.prev.recv(), timeout]);
      if (f.tag !== tag || f.payload.byteLength !== elements * 4) {
        const e = new CollectiveMismatchError(
          `${this.#current}: rank ${prevRank} sent ${f.payload.byteLength} bytes of ${describeTag(f.tag)}, rank ${this.rank} expected ` +
            `${elements * 4} bytes of ${describeTag(tag)}: ranks called collectives with different ops or shapes`,
        );
        this.fail(this.rank, e.message);
        throw e;
      }
      const p = f.payload; // its own (unpooled, aligned) memory: view it without copying
      return like instanceof Int32Array ? new Int32Array(p.buffer, p.byteOffset, elements) : new Float32Array(p.buffer, p.byteOffset, elements);
    } catch (e) {
      if (e instanceof CollectiveTimeoutError || e instanceof CollectiveMismatchError) throw e;
      if (this.#failure) throw this.#failure;
      const gone = this.#pendingGone;
      if (gone) throw new RankFailedError(this.#current, gone.peer, gone.why);
      throw await this.#failed;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    writeJsonLine(this.ring.store, { type: 'bye' });
    this.ring.next.end();
    this.ring.prev.end();
    this.ring.listener.close();
    await this.ring.storeServer?.close(this.timeoutMs);
    this.ring.store.end();
  }
}

const KINDS = Object.fromEntries(Object.entries(OP_CODES).map(([k, v]) => [v, k]));
const describeTag = (tag: number): string => `${KINDS[tag & 7] ?? 'unknown op'} #${tag >>> 3}`;
