import { createConnection, createServer, type Socket } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { FramedSocket } from './framed-socket.js';
import { DONE, FAILED_RANK, LENGTH, REQUEST, STATUS, STATUS_FAILED, type BlockingRingWorkerData } from './blocking-ring-channel.js';

// The network side of a TCP group's blocking all-reduce: a ring of its own between these
// worker threads (one per rank), serving sums that the rank's main thread waits for with
// Atomics.wait. The main thread cannot run sockets while it is blocked; this thread can.
const { channel, rank, worldSize, host } = workerData as BlockingRingWorkerData;
const parent = parentPort;
if (!parent) throw new Error('blocking-ring-worker: not started as a worker thread');
const ctl = new Int32Array(channel.control);
const data = new Float32Array(channel.data);
const HELLO = 0xffffffff;
type WaitAsync = (a: Int32Array, i: number, v: number) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;
const prevRank = (rank - 1 + worldSize) % worldSize;
const nextRank = (rank + 1) % worldSize;
let failed = false;

function fail(peer: number, reason: string): void {
  if (failed) return;
  failed = true;
  new Uint8Array(channel.reason).set(new TextEncoder().encode(reason.slice(0, 300)));
  Atomics.store(ctl, FAILED_RANK, peer);
  Atomics.store(ctl, STATUS, STATUS_FAILED);
  Atomics.notify(ctl, DONE);
}

const server = createServer();
const accepted = new Promise<FramedSocket>((resolve) => {
  server.on('connection', (s: Socket) => {
    const fs = new FramedSocket(s);
    void fs.recv().then((f) => {
      if (f.tag === HELLO && f.payload.readUInt32LE(0) === prevRank) resolve(fs);
      else s.destroy();
    });
  });
});
await new Promise<void>((resolve) => server.listen(0, host, resolve));
parent.postMessage({ port: (server.address() as { port: number }).port });
const peers = await new Promise<{ host: string; port: number }[]>((resolve) => parent.once('message', resolve));
const to = peers[nextRank];
const next = new FramedSocket(await new Promise<Socket>((resolve, reject) => {
  const s = createConnection({ host: to.host, port: to.port }, () => resolve(s));
  s.once('error', reject);
}));
const hello = Buffer.alloc(4);
hello.writeUInt32LE(rank, 0);
next.send(HELLO, hello);
const prev = await accepted;
server.close();
prev.onClose = (why) => fail(prevRank, why);
next.onClose = (why) => fail(nextRank, why);
parent.postMessage({ ready: true });

/** Ring all-reduce (sum) of data[0, n): W-1 reduce-scatter steps, W-1 all-gather steps. */
async function allReduce(call: number, n: number): Promise<void> {
  const chunk = (c: number): [number, number] => {
    const k = ((c % worldSize) + worldSize) % worldSize;
    return [Math.floor((k * n) / worldSize), Math.floor(((k + 1) * n) / worldSize)];
  };
  const bytes = (a: number, b: number): Uint8Array => new Uint8Array(channel.data, a * 4, (b - a) * 4);
  let [a, b] = chunk(rank);
  next.send(call, bytes(a, b));
  for (let s = 0; s < 2 * (worldSize - 1); s++) {
    [a, b] = chunk(rank - s - 1);
    const f = await prev.recv();
    if (f.tag !== call || f.payload.byteLength !== (b - a) * 4) {
      throw new Error(`rank ${prevRank} sent ${f.payload.byteLength} bytes for call ${f.tag}, rank ${rank} expected ${(b - a) * 4} bytes for call ${call}: ranks disagree on the shapes`);
    }
    const piece = new Float32Array(f.payload.buffer, f.payload.byteOffset, b - a);
    if (s < worldSize - 1) for (let i = 0; i < piece.length; i++) data[a + i] += piece[i];
    else data.set(piece, a);
    prev.release(f.payload.buffer);
    if (s < 2 * (worldSize - 1) - 1) next.send(call, bytes(a, b));
  }
}

let served = 0;
for (;;) {
  const w = waitAsync(ctl, REQUEST, served);
  if (w.async) await w.value;
  if (failed) break;
  const call = Atomics.load(ctl, REQUEST);
  if (call === served) continue;
  try {
    await allReduce(call, Atomics.load(ctl, LENGTH));
  } catch (e) {
    fail(failed ? Atomics.load(ctl, FAILED_RANK) : prevRank, e instanceof Error ? e.message : String(e));
    break;
  }
  served = call;
  Atomics.store(ctl, DONE, call);
  Atomics.notify(ctl, DONE);
}
