import type { Socket } from 'node:net';
import { BufferPool } from './buffer-pool.js';
import { DISCARD, dropped, type FrameSink } from './frame-sink.js';
import { FrameWriter, HEADER_BYTES } from './frame-writer.js';
import type { AlignedReadBuffer } from './read-buffer.js';

/** One length-prefixed message: a 32-bit tag (collective sequence and op) and its bytes. */
export interface Frame {
  readonly tag: number;
  readonly payload: Buffer;
}

/** Frames (the rest of them) at least this long are read straight into a copying sink's memory. */
const DIRECT_MIN_BYTES = 64 * 1024;

/** Tag of the frame a rank sends on both ring sockets when it destroys its group cleanly. */
export const BYE_TAG = 0xfffffffe;

/**
 * Length-prefixed frames over a TCP socket (`[u32 length][u32 tag][payload]`, little endian),
 * with TCP_NODELAY. Incoming frames go to an attached `FrameSink` or queue until `recv()` takes
 * them; when the socket closes, queued frames are still delivered and later `recv()`s reject
 * with the close reason. A socket that reads into an `AlignedReadBuffer` hands a sink its
 * payload in place, without copying it into a frame.
 */
export class FramedSocket {
  readonly #queue: Frame[] = [];
  readonly #waiters: { resolve(f: Frame): void; reject(e: Error): void }[] = [];
  readonly #header = Buffer.alloc(HEADER_BYTES);
  #headerFill = 0;
  #payload: Buffer | null = null;
  #payloadFill = 0;
  #tag = 0;
  /** Payload bytes of the current frame still to stream to `#streaming`, and how many it has had. */
  #sinkLeft = 0;
  #sinkAt = 0;
  /** Takes the frames that arrive while attached. */
  #sink: FrameSink | null = null;
  /** Takes the current frame's payload in place (and `#direct`: reads it into its own memory). */
  #streaming: FrameSink = DISCARD;
  #direct = false;
  /** The sink whose memory the read in progress lands in (a direct target handed out, not yet filled). */
  #lentTo: FrameSink | null = null;
  #aligned = true;
  #closed: Error | null = null;
  #peerLeft = false;
  /** Received frames' memory comes back here on `release`: no per-frame allocation in steady state. */
  readonly #recvPool = new BufferPool();
  readonly #writer: FrameWriter;
  /** Called once when the connection ends, with why and whether the peer said bye first. */
  onClose: (reason: string, clean: boolean) => void = () => undefined;

  /**
   * `reads`: the socket was made with `onread` into this buffer and its callback calls
   * `feedRead` (receiving then allocates and copies nothing); otherwise 'data' events feed the frames.
   */
  constructor(
    readonly socket: Socket,
    private readonly reads: AlignedReadBuffer | null = null,
  ) {
    socket.setNoDelay(true);
    this.#writer = new FrameWriter(socket);
    if (!reads) socket.on('data', (chunk: Buffer) => this.feed(chunk));
    socket.on('error', (e) => this.close(`socket error: ${e.message}`));
    socket.on('close', () => this.close('connection closed'));
  }

  /** Sends one frame; the payload is copied, so the caller may reuse its memory at once. */
  send(tag: number, payload: Uint8Array): void {
    if (!this.#closed) this.#writer.send(tag, payload);
  }

  /** Sends one frame straight from `payload`'s memory, without copying: the caller must not change it until `flushed()` resolves. */
  sendView(tag: number, payload: Buffer): void {
    if (!this.#closed) this.#writer.sendView(tag, payload);
  }

  /** Resolves once every `sendView` payload has been handed to the kernel (or the socket closed). */
  flushed(): Promise<void> {
    return this.#writer.flushed();
  }

  /** Hands a received frame's memory back for reuse; the caller must not touch it afterwards. */
  release(payload: ArrayBufferLike): void {
    if (payload instanceof ArrayBuffer) this.#recvPool.give(payload);
  }

  /** The next frame, or a rejection once the socket has closed with nothing left queued. */
  recv(): Promise<Frame> {
    const f = this.#queue.shift();
    if (f) return Promise.resolve(f);
    if (this.#closed) return Promise.reject(this.#closed);
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /**
   * Routes incoming frames to `sink` until it is done or refuses one, starting with the frames
   * already queued. A frame partly received into a copy is handed over whole once complete.
   */
  attach(sink: FrameSink): void {
    this.#sink = sink;
    while (this.#sink === sink && this.#queue.length) {
      const f = this.#queue[0];
      if (!sink.accept(f.tag, f.payload.byteLength)) return this.detach(sink);
      this.#queue.shift();
      this.giveWhole(sink, f);
    }
    if (this.#sink === sink && this.#closed) {
      this.detach(sink);
      sink.fail(this.#closed);
    }
  }

  /** Stops routing frames to `sink` (no-op if it is no longer attached); the rest of a frame it was taking is dropped. */
  detach(sink: FrameSink): void {
    if (this.#sink === sink) this.#sink = null;
    if (this.#streaming === sink) this.#streaming = DISCARD;
  }

  /**
   * Whether the socket's next read lands in `sink`'s memory: a direct target was handed out
   * before the read and cannot be taken back, even after `detach`. Only `destroy` keeps those
   * late bytes out of that memory.
   */
  lendsTo(sink: FrameSink): boolean {
    return this.#lentTo === sink;
  }

  /** Rejects pending and later `recv()`s and the attached sink with `e` (used when the group fails). */
  fail(e: Error): void {
    if (!this.#closed) this.#closed = e;
    for (const w of this.#waiters.splice(0)) w.reject(e);
    this.failSink(e);
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

  private failSink(e: Error): void {
    const sink = this.#sink;
    if (!sink) return;
    this.detach(sink);
    sink.fail(e);
  }

  private close(reason: string): void {
    this.#writer.release();
    if (this.#closed) return;
    const why = this.#peerLeft ? 'it destroyed its process group' : reason;
    this.#closed = new Error(why);
    for (const w of this.#waiters.splice(0)) w.reject(this.#closed);
    this.failSink(this.#closed);
    this.onClose(why, this.#peerLeft);
  }

  /** 'data' mode: parses received bytes into frames, copying what it keeps, so `chunk` may be reused at once. */
  feed(chunk: Buffer): void {
    this.consume(chunk, 0, chunk.length, null);
  }

  private get readBuffer(): AlignedReadBuffer {
    if (!this.reads) throw new Error('FramedSocket: this socket is fed by data events, not an onread buffer');
    return this.reads;
  }

  /**
   * `onread` mode, `onread.buffer`: where the next read lands. The rest of a long frame that the
   * sink only copies goes straight into its memory (a split element's first bytes, waiting at
   * the read buffer's front, are moved there first); everything else into the read buffer.
   * (A target handed out stays the target even if the sink fails before the read: see `lendsTo`.)
   */
  readonly readTarget = (): Uint8Array => {
    const reads = this.readBuffer;
    if (this.#direct) {
      const target = this.#streaming.direct(this.#sinkAt, this.#sinkLeft);
      this.#lentTo = target ? this.#streaming : null;
      return target ?? dropped(this.#sinkLeft);
    }
    if (this.#sinkLeft >= DIRECT_MIN_BYTES) {
      const target = this.#streaming.direct(this.#sinkAt, this.#sinkLeft);
      if (target) {
        this.#lentTo = this.#streaming;
        const split = reads.landing;
        for (let i = 0; i < split; i++) target[i] = reads.bytes[i];
        this.#sinkAt += split;
        this.#sinkLeft -= split;
        this.#direct = true;
        return target.subarray(split);
      }
    }
    return reads.target();
  };

  /** `onread` mode, `onread.callback`: `n` bytes landed where `readTarget` said. Sink payload is used in place. */
  feedRead(n: number): void {
    const reads = this.readBuffer;
    this.#lentTo = null;
    if (this.#direct) {
      this.#sinkAt += n;
      this.#sinkLeft -= n;
      if (this.#sinkLeft > 0) return;
      this.#direct = false;
      reads.landAt(0);
      return this.sinkFrameDone();
    }
    const landing = reads.landing;
    // A sink's element split by the previous read had its first bytes moved just before `landing`.
    const start = this.#sinkLeft > 0 ? 0 : landing;
    const end = landing + n;
    const used = this.consume(reads.bytes, start, end, reads);
    if (used < end) reads.bytes.copyWithin(0, used, end);
    reads.landAt(end & 3);
  }

  /**
   * Parses `src[at, end)`; returns where it stopped: `end`, or earlier only before the last
   * bytes of a streamed element that the next read completes.
   */
  private consume(src: Uint8Array, at: number, end: number, reads: AlignedReadBuffer | null): number {
    while (at < end) {
      if (this.#sinkLeft > 0) {
        const avail = Math.min(this.#sinkLeft, end - at);
        const whole = avail & ~3;
        if (whole === 0) return at;
        const r = reads ?? this.readBuffer;
        this.#streaming.take(r.f32, r.i32, at >> 2, whole >> 2, this.#sinkAt >> 2);
        at += whole;
        this.#sinkAt += whole;
        this.#sinkLeft -= whole;
        if (this.#sinkLeft === 0) this.sinkFrameDone();
        else if (whole < avail) return at;
      } else if (this.#payload === null) {
        while (this.#headerFill < HEADER_BYTES && at < end) this.#header[this.#headerFill++] = src[at++];
        if (this.#headerFill < HEADER_BYTES) return at;
        this.#headerFill = 0;
        const bytes = this.#header.readUInt32LE(0);
        // Frames of whole elements keep stream and buffer offsets aligned; anything else ends in-place reading.
        if (bytes % 4 !== 0) this.#aligned = false;
        this.startFrame(this.#header.readUInt32LE(4), bytes, reads !== null && this.#aligned);
      } else {
        const take = Math.min(this.#payload.length - this.#payloadFill, end - at);
        this.#payload.set(src.subarray(at, at + take), this.#payloadFill);
        this.#payloadFill += take;
        at += take;
        if (this.#payloadFill === this.#payload.length) this.frameComplete();
      }
    }
    return at;
  }

  /** After a header: stream the payload to the sink, or collect it into a frame of its own. */
  private startFrame(tag: number, bytes: number, inPlace: boolean): void {
    this.#tag = tag;
    const sink = this.#sink;
    if (inPlace && sink && tag !== BYE_TAG) {
      if (sink.accept(tag, bytes)) {
        this.#streaming = sink;
        this.#sinkAt = 0;
        this.#sinkLeft = bytes;
        if (bytes === 0) this.sinkFrameDone();
        return;
      }
      this.detach(sink);
    }
    this.#payload = Buffer.from(this.#recvPool.take(bytes));
    this.#payloadFill = 0;
    if (bytes === 0) this.frameComplete();
  }

  private sinkFrameDone(): void {
    const sink = this.#streaming;
    this.#streaming = DISCARD;
    if (sink.frameDone()) this.detach(sink);
  }

  private frameComplete(): void {
    const payload = this.#payload;
    if (!payload) return;
    const f = { tag: this.#tag, payload };
    this.#payload = null;
    if (f.tag === BYE_TAG) {
      this.#peerLeft = true;
      return;
    }
    const sink = this.#sink;
    if (sink && sink.accept(f.tag, f.payload.byteLength)) return this.giveWhole(sink, f);
    if (sink) this.detach(sink);
    const w = this.#waiters.shift();
    if (w) w.resolve(f);
    else this.#queue.push(f);
  }

  /** Hands an accepted frame that was collected into its own memory to `sink`, then reuses the memory. */
  private giveWhole(sink: FrameSink, f: Frame): void {
    const p = f.payload;
    const n = p.byteLength >> 2;
    if (n > 0) sink.take(new Float32Array(p.buffer, p.byteOffset, n), new Int32Array(p.buffer, p.byteOffset, n), 0, n, 0);
    this.release(p.buffer);
    if (sink.frameDone()) this.detach(sink);
  }
}
