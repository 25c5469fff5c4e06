import { describe, expect, it } from 'vitest';
import { createConnection, createServer, type Socket } from 'node:net';
import { FramedSocket } from './framed-socket.js';
import type { FrameSink } from './frame-sink.js';
import { AlignedReadBuffer } from './read-buffer.js';

/** A loopback pair: `send` is the raw writing socket, `framed` reads through an aligned onread buffer, as the ring's receiving side does. */
async function pair(): Promise<{ send: Socket; framed: FramedSocket; reads: () => number; close(): void }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const buffer = new AlignedReadBuffer();
  const holder: { framed?: FramedSocket } = {};
  let reads = 0;
  const socket = await new Promise<Socket>((resolve) => {
    const s = createConnection(
      {
        host: '127.0.0.1',
        port: (server.address() as { port: number }).port,
        onread: { buffer: () => holder.framed?.readTarget() ?? buffer.target(), callback: (n: number) => (reads++, holder.framed?.feedRead(n), true) },
      },
      () => resolve(s),
    );
  });
  const framed = new FramedSocket(socket, buffer);
  holder.framed = framed;
  const send = await accepted;
  send.setNoDelay(true);
  return { send, framed, reads: () => reads, close: () => (send.destroy(), socket.destroy(), server.close()) };
}

function frame(tag: number, payload: Uint8Array): Buffer {
  const b = Buffer.alloc(8 + payload.byteLength);
  b.writeUInt32LE(payload.byteLength, 0);
  b.writeUInt32LE(tag, 4);
  b.set(payload, 8);
  return b;
}

/** Writes `bytes` in pieces of 1, 3, 5, 7, ... bytes (then larger), yielding to the event loop between them so the reader sees many short reads that split elements. */
async function trickle(s: Socket, bytes: Buffer): Promise<void> {
  let at = 0;
  for (let k = 0; at < bytes.length; k++) {
    const len = k < 400 ? 2 * (k % 8) + 1 : 4093 + (k % 5);
    s.write(bytes.subarray(at, at + len));
    at += len;
    await new Promise((r) => setImmediate(r));
  }
}

/** Collects the frames it accepts into arrays; copies through `direct` when `direct` is on. */
class CollectingSink implements FrameSink {
  readonly frames: Float32Array[] = [];
  readonly takes: number[] = [];
  error: Error | null = null;
  #current = new Float32Array(0);

  constructor(
    private readonly want: number,
    private readonly directReads: boolean,
  ) {}

  accept(_tag: number, bytes: number): boolean {
    this.#current = new Float32Array(bytes / 4);
    return true;
  }

  take(f32: Float32Array, _i32: Int32Array, from: number, count: number, at: number): void {
    this.takes.push(count);
    this.#current.set(f32.subarray(from, from + count), at);
  }

  direct(at: number, bytes: number): Uint8Array | null {
    return this.directReads ? new Uint8Array(this.#current.buffer, at, bytes) : null;
  }

  frameDone(): boolean {
    this.frames.push(this.#current);
    return this.frames.length === this.want;
  }

  fail(e: Error): void {
    this.error = e;
  }
}

const values = (n: number, seed: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed) * 1000);
const bytes = (a: Float32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const until = async (ok: () => boolean): Promise<void> => {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > 10_000) throw new Error('timed out waiting for the frames');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('FramedSocket with an aligned read buffer', () => {
  for (const directReads of [false, true]) {
    it(`hands a sink exact values when frames and elements are split across many reads (${directReads ? 'read straight into the sink' : 'taken from the read buffer'})`, async () => {
      const p = await pair();
      const a = values(301, 1);
      const b = values(40_000, 2); // 160 KB: long enough to be read into a copying sink directly
      const c = values(5, 3);
      const sink = new CollectingSink(2, directReads);
      p.framed.attach(sink);
      await trickle(p.send, Buffer.concat([frame(7, bytes(a)), frame(7, bytes(b)), frame(9, bytes(c))]));
      const after = await p.framed.recv();
      expect(p.reads()).toBeGreaterThan(100);
      expect(sink.error).toBeNull();
      expect(sink.frames.map((f) => Array.from(f))).toEqual([Array.from(a), Array.from(b)]);
      // Everything taken in place came as whole elements; with direct reads the long frame bypasses `take`.
      expect(sink.takes.reduce((s, n) => s + n, 0)).toBe(directReads ? a.length : a.length + b.length);
      // The frame after the sink was done went to recv() intact.
      expect(after.tag).toBe(9);
      expect(Array.from(new Float32Array(after.payload.buffer, after.payload.byteOffset, 5))).toEqual(Array.from(c));
      p.close();
    });
  }

  it('hands frames queued before a sink attached to it whole, in order, and leaves a refused one for recv()', async () => {
    const p = await pair();
    const a = values(10, 4);
    const b = values(3, 5);
    p.send.write(frame(2, bytes(b)));
    expect((await p.framed.recv()).tag).toBe(2);
    const before = p.reads();
    p.send.write(Buffer.concat([frame(1, bytes(a)), frame(1, bytes(b))])); // one small write: one read, both queued
    await until(() => p.reads() > before);
    const sink = new CollectingSink(5, false);
    sink.accept = (tag, n) => tag === 1 && CollectingSink.prototype.accept.call(sink, tag, n);
    p.framed.attach(sink);
    expect(sink.frames.map((f) => Array.from(f))).toEqual([Array.from(a), Array.from(b)]);
    expect(sink.takes).toEqual([10, 3]);
    p.send.write(frame(3, bytes(b)));
    const refused = await p.framed.recv();
    expect(refused.tag).toBe(3);
    expect(sink.frames.length).toBe(2);
    p.close();
  });

  it('fails an attached sink when the connection closes mid-frame, naming why', async () => {
    const p = await pair();
    const sink = new CollectingSink(1, true);
    p.framed.attach(sink);
    p.send.write(frame(1, bytes(values(100_000, 6))).subarray(0, 70_000));
    await until(() => p.reads() > 0);
    p.send.destroy();
    await until(() => sink.error !== null);
    expect(sink.error?.message).toBe('connection closed');
    expect(sink.frames).toEqual([]);
    p.close();
  });

  it('drops the rest of a frame whose sink was detached mid-frame (a timed-out collective) and keeps the stream in step', async () => {
    for (const directReads of [false, true]) {
      const p = await pair();
      const sink = new CollectingSink(1, directReads);
      p.framed.attach(sink);
      const long = frame(1, bytes(values(100_000, 8)));
      p.send.write(long.subarray(0, 100_001));
      await until(() => p.reads() > 0);
      p.framed.detach(sink);
      const c = values(6, 9);
      await trickle(p.send, Buffer.concat([long.subarray(100_001), frame(2, bytes(c))]));
      const next = await p.framed.recv();
      expect(next.tag).toBe(2);
      expect(Array.from(new Float32Array(next.payload.buffer, next.payload.byteOffset, 6))).toEqual(Array.from(c));
      expect(sink.frames).toEqual([]);
      p.close();
    }
  });

  it('says when a read into a detached sink is still armed, and destroy() keeps those late bytes out of its memory', async () => {
    for (const destroy of [false, true]) {
      const p = await pair();
      p.send.on('error', () => undefined);
      const landed = new Float32Array(100_000);
      const sink = new CollectingSink(1, true);
      sink.direct = (at, n) => new Uint8Array(landed.buffer, at, n);
      p.framed.attach(sink);
      const long = frame(1, bytes(values(100_000, 10)));
      p.send.write(long.subarray(0, 100_001));
      await until(() => p.reads() > 0);
      p.framed.detach(sink);
      expect(p.framed.lendsTo(sink)).toBe(true);
      if (destroy) p.framed.destroy();
      const reads = p.reads();
      p.send.write(long.subarray(100_001));
      if (destroy) await new Promise((r) => setTimeout(r, 200));
      else await until(() => p.reads() > reads);
      // Elements past the first read's were only ever written by a read after the detach.
      const late = landed.subarray(25_000).some((v) => v !== 0);
      expect(late).toBe(!destroy);
      p.close();
    }
  });

  it('sendView writes frames from the caller memory and flushed() resolves once they left it', async () => {
    const p = await pair();
    const back = new FramedSocket(p.send);
    const a = values(50_000, 7);
    const sink = new CollectingSink(2, true);
    p.framed.attach(sink);
    back.sendView(4, Buffer.from(a.buffer, 0, 40_000 * 4));
    back.sendView(4, Buffer.from(a.buffer, 40_000 * 4, 10_000 * 4));
    await back.flushed();
    a.fill(0); // the bytes already left `a`: the receiver must not see this
    await until(() => sink.frames.length === 2);
    const got = new Float32Array(50_000);
    got.set(sink.frames[0], 0);
    got.set(sink.frames[1], 40_000);
    expect(Array.from(got)).toEqual(Array.from(values(50_000, 7)));
    p.close();
  });
});
