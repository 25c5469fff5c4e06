import type { Socket } from 'node:net';
import { BufferPool } from './buffer-pool.js';

/** Bytes before each payload: `[u32 length][u32 tag]`, little endian. */
export const HEADER_BYTES = 8;

/**
 * The sending side of a framed connection. `send` copies the payload into a pooled frame;
 * `sendView` writes a pooled header and the caller's own memory in one `writev`, without
 * copying, and `flushed` says when that memory may change again.
 */
export class FrameWriter {
  readonly #pool = new BufferPool();
  /** Headers of `sendView` frames, reused once written (writes complete in order). */
  readonly #freeHeaders: Buffer[] = [];
  readonly #headersInFlight: Buffer[] = [];
  #unflushed = 0;
  #onFlushed: (() => void) | null = null;

  constructor(private readonly socket: Socket) {}

  /** Sends one frame; the payload is copied, so the caller may reuse its memory at once. */
  send(tag: number, payload: Uint8Array): void {
    const ab = this.#pool.take(HEADER_BYTES + payload.byteLength);
    const buf = Buffer.from(ab);
    buf.writeUInt32LE(payload.byteLength, 0);
    buf.writeUInt32LE(tag >>> 0, 4);
    buf.set(payload, HEADER_BYTES);
    this.socket.write(buf, () => this.#pool.give(ab));
  }

  /** Sends one frame straight from `payload`'s memory: the caller must not change it until `flushed()` resolves. */
  sendView(tag: number, payload: Buffer): void {
    const header = this.#freeHeaders.pop() ?? Buffer.alloc(HEADER_BYTES);
    header.writeUInt32LE(payload.byteLength, 0);
    header.writeUInt32LE(tag >>> 0, 4);
    this.#headersInFlight.push(header);
    this.#unflushed++;
    this.socket.cork();
    this.socket.write(header);
    this.socket.write(payload, this.#written);
    this.socket.uncork();
  }

  readonly #written = (): void => {
    const header = this.#headersInFlight.shift();
    if (header) this.#freeHeaders.push(header);
    if (--this.#unflushed === 0) this.release();
  };

  /** Resolves once every `sendView` payload has been handed to the kernel (or the connection ended). */
  flushed(): Promise<void> {
    if (this.#unflushed === 0 || this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const earlier = this.#onFlushed;
      this.#onFlushed = earlier ? () => (earlier(), resolve()) : resolve;
    });
  }

  /** The connection ended: what was not written never will be, so nobody waits for it. */
  release(): void {
    const waiting = this.#onFlushed;
    this.#onFlushed = null;
    waiting?.();
  }
}
