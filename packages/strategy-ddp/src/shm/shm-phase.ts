import { CollectiveTimeoutError, RankFailedError } from '../errors.js';
import { waitAsync } from '../wait-async.js';
import { STATUS_DESTROYED, STATUS_FAILED, type ShmSegment } from './shm-segment.js';


/** Longest single wait; between slices the waiter checks peers' status and the deadline. */
const SLICE_MS = 100;

/**
 * Phase synchronisation of one rank over the control words: `arrive` announces that this rank
 * entered the next phase and waits, without blocking the thread (`Atomics.waitAsync`), until
 * every peer has too. Every wait is bounded: a failed peer rejects with `RankFailedError`, a
 * missing one with `CollectiveTimeoutError` naming every rank that never arrived.
 */
export class ShmPhase {
  readonly #ctl: Int32Array;
  #seq = 0;

  constructor(
    private readonly seg: ShmSegment,
    private readonly rank: number,
  ) {
    this.#ctl = new Int32Array(seg.control);
  }

  /** Enters the next phase and resolves once every rank has entered it. */
  async arrive(collective: string): Promise<void> {
    const seq = this.announce();
    const deadline = Date.now() + this.seg.timeoutMs;
    for (let p = 0; p < this.seg.worldSize; p++) if (p !== this.rank) await this.waitFor(collective, p, seq, deadline);
  }

  /** Enters the next phase without waiting; returns its number for `waitFor`. */
  announce(): number {
    const seq = ++this.#seq;
    Atomics.store(this.#ctl, this.rank, seq);
    Atomics.notify(this.#ctl, this.rank);
    return seq;
  }

  /**
   * Resolves once rank `p` has entered phase `seq`, so work on what `p` published can start
   * before slower peers arrive. Bounded by `deadline`; a failed peer rejects at once.
   */
  async waitFor(collective: string, p: number, seq: number, deadline: number): Promise<void> {
    const ctl = this.#ctl;
    for (;;) {
      const seen = Atomics.load(ctl, p);
      if (seen >= seq) return;
      // A peer that arrived and then left is fine; one that left before arriving failed us.
      const gone = this.peerGone(collective, p);
      if (gone) {
        if (Atomics.load(ctl, p) >= seq) return;
        throw gone;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new CollectiveTimeoutError(collective, this.missing(seq), this.seg.timeoutMs);
      await waitAsync(ctl, p, seen, Math.min(left, SLICE_MS));
    }
  }

  /** Announces that this rank left the group, so peers fail fast instead of timing out. */
  leave(): void {
    Atomics.store(this.#ctl, this.seg.worldSize + this.rank, STATUS_DESTROYED);
    for (let r = 0; r < this.seg.worldSize; r++) Atomics.notify(this.#ctl, r);
  }

  private peerGone(collective: string, p: number): RankFailedError | undefined {
    const s = Atomics.load(this.#ctl, this.seg.worldSize + p);
    if (s === STATUS_FAILED) return new RankFailedError(collective, p, 'its worker thread exited');
    if (s === STATUS_DESTROYED) return new RankFailedError(collective, p, 'it destroyed its process group');
    return undefined;
  }

  private missing(seq: number): number[] {
    const out: number[] = [];
    for (let p = 0; p < this.seg.worldSize; p++) if (p !== this.rank && Atomics.load(this.#ctl, p) < seq) out.push(p);
    return out;
  }
}
