/** Buffers kept for reuse per pool: enough for a pipelined ring, bounded in memory. */
const POOL_MAX = 16;

/** Reusable `ArrayBuffer`s of frame sizes, so copying frames allocates nothing in steady state. */
export class BufferPool {
  readonly #free: ArrayBuffer[] = [];

  /** A buffer of exactly `size` bytes, reused when one is free. */
  take(size: number): ArrayBuffer {
    const i = this.#free.findIndex((b) => b.byteLength === size);
    return i >= 0 ? this.#free.splice(i, 1)[0] : new ArrayBuffer(size);
  }

  /** Hands `b` back (dropped when the pool is full). */
  give(b: ArrayBuffer): void {
    if (this.#free.length < POOL_MAX && !this.#free.includes(b)) this.#free.push(b);
  }
}
