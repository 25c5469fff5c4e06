import type { Socket } from 'node:net';

/** One length-prefixed message: a 32-bit tag (collective sequence and op) and its bytes. */
export interface Frame {
  readonly tag: number;
  readonly payload: Buffer;
}

const HEADER = 8;
/** Buffers kept for reuse per direction: enough for a pipelined ring, bounded in memory. */
const POOL_MAX = 16;

/** Takes a buffer of exactly `size` bytes from `pool`, or makes one. */
function takeBuffer(pool: ArrayBuffer[], size: number): ArrayBuffer {
  const i = pool.findIndex((b) => b.byteLength === size);
  return i >= 0 ? pool.splice(i, 1)[0] : new ArrayBuffer(size);
}

function giveBuffer(pool: ArrayBuffer[], b: ArrayBuffer): void {
  if (pool.length < POOL_MAX && !pool.includes(b)) pool.push(b);
}
/** Tag of the frame a rank sends on both ring sockets when it destroys its group cleanly. */
export const BYE_TAG = 0xfffffffe;

/**
 * Length-prefixed frames over a TCP socket (`[u32 length][u32 tag][payload]`, little endian),
 * with TCP_NODELAY. Incoming frames queue until `recv()` takes them; when the socket closes,
 * queued frames are still delivered and later `recv()`s reject with the close reason.
 */
export class FramedSocket {
  readonly #queue: Frame[] = [];
  readonly #waiters: { resolve(f: Frame): void; reject(e: Error): void }[] = [];
  #header = Buffer.alloc(HEADER);
  #headerFill = 0;
  #payload: Buffer | null = null;
  #payloadFill = 0;
  #tag = 0;
  #closed: Error | null = null;
  #peerLeft = false;
  /** Send and receive buffers come back here (sends once flushed, receives on `release`): no per-frame allocation in steady state. */
  readonly #sendPool: ArrayBuffer[] = [];
  readonly #recvPool: ArrayBuffer[] = [];
  /** Called once when the connection ends, with why and whether the peer said bye first. */
  onClose: (reason: string, clean: boolean) => void = () => undefined;

  /**
   * `external`: the socket was made with `onread` (a reused read buffer, so receiving allocates
   * nothing) and its callback calls `feed`; otherwise 'data' events feed the frames.
   */
  constructor(
    readonly socket: Socket,
    external = false,
  ) {
    socket.setNoDelay(true);
    if (!external) socket.on('data', (chunk: Buffer) => this.feed(chunk));
    socket.on('error', (e) => this.close(`socket error: ${e.message}`));
    socket.on('close', () => this.close('connection closed'));
  }

  /** Sends one frame; the payload is copied, so the caller may reuse its memory at once. */
  send(tag: number, payload: Uint8Array): void {
    if (this.#closed) return;
    const ab = takeBuffer(this.#sendPool, HEADER + payload.byteLength);
    const buf = Buffer.from(ab);
    buf.writeUInt32LE(payload.byteLength, 0);
    buf.writeUInt32LE(tag >>> 0, 4);
    buf.set(payload, HEADER);
    this.socket.write(buf, () => giveBuffer(this.#sendPool, ab));
  }

  /** Hands a received frame's memory back for reuse; the caller must not touch it afterwards. */
  release(payload: ArrayBufferLike): void {
    if (payload instanceof ArrayBuffer) giveBuffer(this.#recvPool, payload);
  }

  /** The next frame, or a rejection once the socket has closed with nothing left queued. */
  recv(): Promise<Frame> {
    const f = this.#queue.shift();
    if (f) return Promise.resolve(f);
    if (this.#closed) return Promise.reject(this.#closed);
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** Rejects pending and later `recv()`s with `e` (used when the group fails). */
  fail(e: Error): void {
    if (!this.#closed) this.#closed = e;
    for (const w of this.#waiters.splice(0)) w.reject(e);
  }

  /** Says bye and ends the connection after queued writes flush. */
  end(): void {
    if (!this.socket.destroyed) this.send(BYE_TAG, new Uint8Array(0));
    this.socket.end();
  }

  /** Lets the process exit even while this connection is open. */
  unref(): void {
    this.socket.unref();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private close(reason: string): void {
    if (this.#closed) return;
    const why = this.#peerLeft ? 'it destroyed its process group' : reason;
    this.#closed = new Error(why);
    for (const w of this.#waiters.splice(0)) w.reject(this.#closed);
    this.onClose(why, this.#peerLeft);
  }

  /** Parses received bytes into frames; copies what it keeps, so `chunk` may be reused at once. */
  feed(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.#payload === null) {
        const take = Math.min(HEADER - this.#headerFill, chunk.length - at);
        chunk.copy(this.#header, this.#headerFill, at, at + take);
        this.#headerFill += take;
        at += take;
        if (this.#headerFill < HEADER) return;
        this.#headerFill = 0;
        this.#tag = this.#header.readUInt32LE(4);
        this.#payload = Buffer.from(takeBuffer(this.#recvPool, this.#header.readUInt32LE(0)));
        this.#payloadFill = 0;
      }
      const take = Math.min(this.#payload.length - this.#payloadFill, chunk.length - at);
      chunk.copy(this.#payload, this.#payloadFill, at, at + take);
      this.#payloadFill += take;
      at += take;
      if (this.#payloadFill === this.#payload.length) {
        this.deliver({ tag: this.#tag, payload: this.#payload });
        this.#payload = null;
      }
    }
  }

  private deliver(f: Frame): void {
    if (f.tag === BYE_TAG) {
      this.#peerLeft = true;
      return;
    }
    const w = this.#waiters.shift();
    if (w) w.resolve(f);
    else this.#queue.push(f);
  }
}
