import { parentPort, workerData } from 'node:worker_threads';
import { checkSignatures, hostCallSignature } from '../call-signature.js';
import type { HostCollective } from '../host-collective.js';
import { reduceOpOf } from '../reduce-op.js';
import { ShmCollective } from '../shm/shm-collective.js';
import { commSegment } from '../shm/shm-segment.js';
import { TcpCollective } from '../tcp/tcp-collective.js';
import { rendezvous } from '../tcp/tcp-rendezvous.js';
import { TcpStoreServer } from '../tcp/tcp-store.js';
import { waitAsync } from '../wait-async.js';
import { writeCommError } from './comm-error.js';
import {
  DONE,
  REQUEST_WORDS,
  RING,
  RING_SLOTS,
  STATUS,
  STATUS_FAILED,
  SUBMITTED,
  type GradCommCommand,
  type GradCommEvent,
  type GradCommWorkerData,
} from './grad-comm-channel.js';

// A rank's gradient communication thread: it owns a transport of its own (the segment's comm
// memory, or a second TCP ring) and serves the all-reduce requests its compute thread writes
// into the channel's ring, in order, while the compute thread goes on with backward.
const { channel, rank, worldSize, timeoutMs, debug, transport } = workerData as GradCommWorkerData;
const parent = parentPort;
if (!parent) throw new Error('grad-comm-worker: not started as a worker thread');
const ctl = new Int32Array(channel.control);
const completedAt = new Float64Array(channel.completedAt);
const post = (e: GradCommEvent): void => parent.postMessage(e);

const areas = new Map<number, Float32Array>();
const areaWaiters = new Map<number, () => void>();
let storePort: ((port: number) => void) | null = null;
let closing = false;

parent.on('message', (m: GradCommCommand) => {
  if (m.type === 'area') {
    areas.set(m.id, new Float32Array(m.buffer));
    areaWaiters.get(m.id)?.();
  } else if (m.type === 'store-port') storePort?.(m.port);
  else {
    closing = true;
    Atomics.notify(ctl, SUBMITTED);
  }
});

/** A staging area's memory; its message may still be on its way when the first request names it. */
async function area(id: number): Promise<Float32Array> {
  for (;;) {
    const known = areas.get(id);
    if (known) return known;
    await new Promise<void>((resolve) => areaWaiters.set(id, resolve));
    areaWaiters.delete(id);
  }
}

async function connect(): Promise<HostCollective> {
  if (transport.kind === 'shm') return new ShmCollective(commSegment(transport.segment), rank);
  const port = new Promise<number>((resolve) => (storePort = resolve));
  // Rank 0 hosts this ring's store on a port the OS picks; the compute threads broadcast it.
  const storeServer = rank === 0 ? await TcpStoreServer.listen(transport.masterAddr, 0, worldSize) : undefined;
  post({ type: 'store-listening', port: storeServer?.port ?? 0 });
  const ring = await rendezvous({ rank, worldSize, masterAddr: transport.masterAddr, masterPort: await port, timeoutMs, storeServer });
  return new TcpCollective(ring, rank, worldSize, timeoutMs);
}

async function serve(host: HostCollective): Promise<void> {
  let served = 0;
  for (;;) {
    if (closing) return;
    if (Atomics.load(ctl, SUBMITTED) === served) {
      await waitAsync(ctl, SUBMITTED, served, 1000);
      continue;
    }
    const seq = served + 1;
    const slot = seq % RING_SLOTS;
    const at = RING + slot * REQUEST_WORDS;
    const id = ctl[at];
    const offset = ctl[at + 1];
    const length = ctl[at + 2];
    const opCode = ctl[at + 3];
    const bucket = ctl[at + 4];
    // Numbered by the comm thread's own sequence, apart from the group's `allReduce #n`.
    const name = `gradientAllReduce #${seq}`;
    const buf = (await area(id)).subarray(offset, offset + length);
    if (debug) {
      const sig = hostCallSignature(seq, 'allReduce', 'float32', [length]);
      checkSignatures(`${name} (gradient bucket ${bucket})`, await host.allGather(`${name} (debug check)`, sig), worldSize);
    }
    await host.allReduce(name, buf, reduceOpOf(opCode));
    completedAt[slot] = performance.timeOrigin + performance.now();
    served = seq;
    Atomics.store(ctl, DONE, seq);
    Atomics.notify(ctl, DONE);
  }
}

let host: HostCollective | null = null;
try {
  host = await connect();
  post({ type: 'ready' });
} catch (e) {
  post({ type: 'start-failed', message: e instanceof Error ? e.message : String(e) });
}
if (host) {
  try {
    await serve(host);
  } catch (e) {
    writeCommError(channel.reason, e);
    Atomics.store(ctl, STATUS, STATUS_FAILED);
    Atomics.notify(ctl, DONE);
  }
  await host.close();
  post({ type: 'closed' });
}
