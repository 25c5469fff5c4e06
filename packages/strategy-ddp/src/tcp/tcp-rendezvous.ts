import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { FramedSocket } from './framed-socket.js';
import { AlignedReadBuffer } from './read-buffer.js';
import { connectStore, onStoreEvents, TcpStoreServer, type PeerAddress, type StoreEvent } from './tcp-store.js';
import { writeJsonLine } from './json-lines.js';

export interface RendezvousOptions {
  readonly rank: number;
  readonly worldSize: number;
  readonly masterAddr: string;
  readonly masterPort: number;
  readonly timeoutMs: number;
  /** Rank 0 only: a store already listening on masterAddr:masterPort (otherwise rank 0 starts one). */
  readonly storeServer?: TcpStoreServer;
}

/** A rank's connections once the ring is formed. */
export interface Ring {
  /** To rank + 1 (we send on it). */
  readonly next: FramedSocket;
  /** From rank - 1 (we receive on it). */
  readonly prev: FramedSocket;
  readonly store: Socket;
  /** Rank 0 only: the store it hosts. */
  readonly storeServer: TcpStoreServer | null;
  readonly listener: Server;
  /** Store events after the rendezvous (aborts); set by the collective. */
  onStoreEvent: (e: StoreEvent) => void;
}

const HANDSHAKE_TAG = 0xffffffff;

function listen(host: string): Promise<Server> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve(server));
  });
}

function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`tcp rendezvous: timed out after ${ms} ms ${what}`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/**
 * Forms the ring: rank 0 hosts the store; every rank listens on an ephemeral port of the
 * interface that reaches the master, tells the store, learns every address, connects to rank
 * + 1 and accepts rank - 1 (checked by a handshake frame carrying the rank).
 */
export async function rendezvous(o: RendezvousOptions): Promise<Ring> {
  const deadline = Date.now() + o.timeoutMs;
  const storeServer = o.rank === 0 ? (o.storeServer ?? (await TcpStoreServer.listen(o.masterAddr, o.masterPort, o.worldSize))) : null;
  const store = await connectStore(o.masterAddr, o.masterPort, deadline);
  store.setNoDelay(true);
  const host = store.localAddress ?? o.masterAddr;
  const listener = await listen(host);
  const port = (listener.address() as { port: number }).port;
  const prevRank = (o.rank - 1 + o.worldSize) % o.worldSize;
  const nextRank = (o.rank + 1) % o.worldSize;

  // Each rank connects to rank - 1 and receives on that connection: a socket we connect can
  // read into one reused buffer (`onread`), so the data path allocates nothing per chunk. The
  // connection rank + 1 makes to us is the one we send on.
  const accepted = new Promise<FramedSocket>((resolve, reject) => {
    listener.on('connection', (s: Socket) => {
      const fs = new FramedSocket(s);
      fs.recv().then((f) => {
        const from = f.payload.readUInt32LE(0);
        if (f.tag !== HANDSHAKE_TAG || from !== nextRank) {
          s.destroy();
          reject(new Error(`tcp rendezvous: rank ${o.rank} expected rank ${nextRank} to connect, got rank ${from}`));
        } else resolve(fs);
      }, reject);
    });
  });

  let events: (e: StoreEvent) => void = () => undefined;
  const peers = new Promise<PeerAddress[]>((resolve, reject) => {
    events = (e) => {
      if (e.type === 'peers') resolve(e.peers);
      else if (e.type === 'error') reject(new Error(`tcp store: ${e.message}`));
      else if (e.type === 'abort') reject(new Error(`tcp rendezvous: rank ${e.rank} failed (${e.reason})`));
    };
    store.once('close', () => reject(new Error('tcp rendezvous: the store (rank 0) closed the connection')));
  });
  const ring: { onStoreEvent: (e: StoreEvent) => void } = { onStoreEvent: (e) => events(e) };
  onStoreEvents(store, (e) => ring.onStoreEvent(e));
  writeJsonLine(store, { type: 'hello', rank: o.rank, worldSize: o.worldSize, host, port });

  try {
    const all = await withDeadline(peers, Math.max(1, deadline - Date.now()), `waiting for ${o.worldSize} ranks at ${o.masterAddr}:${o.masterPort}`);
    const to = all[prevRank];
    const reads = new AlignedReadBuffer();
    const reader: { framed?: FramedSocket } = {};
    const prevSocket = await new Promise<Socket>((resolve, reject) => {
      const s = createConnection({ host: to.host, port: to.port, onread: { buffer: () => reader.framed?.readTarget() ?? reads.target(), callback: (n: number) => (reader.framed?.feedRead(n), true) } }, () =>
        resolve(s),
      );
      s.once('error', reject);
    });
    const prev = new FramedSocket(prevSocket, reads);
    reader.framed = prev;
    const hello = Buffer.alloc(4);
    hello.writeUInt32LE(o.rank, 0);
    prev.send(HANDSHAKE_TAG, hello);
    const next = await withDeadline(accepted, Math.max(1, deadline - Date.now()), `waiting for rank ${nextRank} to connect`);
    return Object.assign(ring, { next, prev, store, storeServer, listener });
  } catch (e) {
    store.destroy();
    listener.close();
    await storeServer?.close(0);
    throw e;
  }
}
