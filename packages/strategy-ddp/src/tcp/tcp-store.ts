import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { readJsonLines, writeJsonLine } from './json-lines.js';

/** Where a rank's ring listener can be reached. */
export interface PeerAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * What the store tells a rank: everyone's ring address, that a rank failed, a request to report
 * its collective sequence number, or which ranks never reached the collective it asked about.
 */
export type StoreEvent =
  | { type: 'peers'; peers: PeerAddress[] }
  | { type: 'abort'; rank: number; reason: string }
  | { type: 'error'; message: string }
  | { type: 'report' }
  | { type: 'missing'; seq: number; ranks: number[] };

/** How long a census waits for ranks' sequence numbers; a rank silent that long counts as missing. */
const CENSUS_MS = 1000;

/** An open question "who has not reached collective #seq?", from the ranks that timed out. */
interface Census {
  readonly askers: { socket: Socket; seq: number }[];
  readonly seqs: Map<number, number>;
  readonly timer: NodeJS.Timeout;
}

/**
 * The rendezvous store rank 0 hosts on MASTER_ADDR:MASTER_PORT (torch's TCPStore, reduced to
 * what a ring needs): ranks say hello with their ring address; once all `worldSize` have, each
 * gets the full list. It then watches the connections: a rank whose connection drops before its
 * `bye` died, and every other rank hears `abort` naming it, as does any abort a rank reports.
 * No tensor data goes through it.
 */
export class TcpStoreServer {
  readonly #clients = new Map<number, Socket>();
  readonly #peers: (PeerAddress | undefined)[];
  readonly #said = new Set<number>();
  #aborted = false;
  #census: Census | null = null;
  #drained: (() => void) | null = null;

  private constructor(
    private readonly server: Server,
    readonly worldSize: number,
  ) {
    this.#peers = new Array<PeerAddress | undefined>(worldSize);
    server.on('connection', (s) => this.accept(s));
  }

  /** The port it listens on (the one the OS picked when listening on port 0). */
  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  /** Listens on `host:port`; rejects when the port is taken. */
  static listen(host: string, port: number, worldSize: number): Promise<TcpStoreServer> {
    const server = createServer();
    return new Promise((resolve, reject) => {
      server.once('error', (e) => reject(new Error(`tcp store: cannot listen on ${host}:${port}: ${e.message}`)));
      server.listen(port, host, () => resolve(new TcpStoreServer(server, worldSize)));
    });
  }

  private accept(s: Socket): void {
    s.setNoDelay(true);
    let rank = -1;
    readJsonLines(s, (msg) => {
      if (msg['type'] === 'hello') {
        rank = Number(msg['rank']);
        if (Number(msg['worldSize']) !== this.worldSize || this.#clients.has(rank) || !(rank >= 0 && rank < this.worldSize)) {
          writeJsonLine(s, { type: 'error', message: `rank ${rank} (worldSize ${String(msg['worldSize'])}) does not fit a group of ${this.worldSize} or joined twice` });
          return;
        }
        this.#clients.set(rank, s);
        this.#peers[rank] = { host: String(msg['host']), port: Number(msg['port']) };
        if (this.#clients.size === this.worldSize) for (const c of this.#clients.values()) writeJsonLine(c, { type: 'peers', peers: this.#peers });
      } else if (msg['type'] === 'abort') {
        this.abort(Number(msg['rank']), String(msg['reason']));
      } else if (msg['type'] === 'who') {
        this.ask(s, Number(msg['seq']));
      } else if (msg['type'] === 'seq') {
        this.#census?.seqs.set(rank, Number(msg['seq']));
        if (this.#census?.seqs.size === this.worldSize) this.answerCensus();
      } else if (msg['type'] === 'bye') {
        this.#said.add(rank);
        this.checkDrained();
      }
    });
    s.on('error', () => undefined);
    s.on('close', () => {
      if (rank >= 0 && !this.#said.has(rank)) this.abort(rank, 'its process exited or lost its connection');
      this.#said.add(rank);
      this.checkDrained();
    });
  }

  private abort(rank: number, reason: string): void {
    if (this.#aborted) return;
    this.#aborted = true;
    for (const [r, c] of this.#clients) if (r !== rank) writeJsonLine(c, { type: 'abort', rank, reason });
  }

  /**
   * A rank timed out in collective #seq: ask every rank for its sequence number (their event
   * loops are free while they wait) and answer with the ranks that are behind or silent.
   * Questions that arrive during a census join it. Nothing of this runs on the data path.
   */
  private ask(socket: Socket, seq: number): void {
    if (this.#census) {
      this.#census.askers.push({ socket, seq });
      return;
    }
    this.#census = { askers: [{ socket, seq }], seqs: new Map(), timer: setTimeout(() => this.answerCensus(), CENSUS_MS) };
    this.#census.timer.unref();
    for (const c of this.#clients.values()) writeJsonLine(c, { type: 'report' });
  }

  private answerCensus(): void {
    const census = this.#census;
    if (!census) return;
    this.#census = null;
    clearTimeout(census.timer);
    for (const { socket, seq } of census.askers) {
      const ranks = Array.from({ length: this.worldSize }, (_, r) => r).filter((r) => !((census.seqs.get(r) ?? -1) >= seq));
      writeJsonLine(socket, { type: 'missing', seq, ranks });
    }
  }

  private checkDrained(): void {
    if (this.#said.size >= this.#clients.size) this.#drained?.();
  }

  /** Lets the process exit while the store is open (after the group failed). */
  unref(): void {
    this.server.unref();
    for (const c of this.#clients.values()) c.unref();
  }

  /** Waits (at most `waitMs`) until every rank said bye or left, then closes. */
  async close(waitMs: number): Promise<void> {
    if (this.#said.size < this.#clients.size) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, waitMs);
        this.#drained = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    for (const c of this.#clients.values()) c.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Connects to the store, retrying while rank 0 is not up yet, until `deadline` (ms epoch). */
export async function connectStore(host: string, port: number, deadline: number): Promise<Socket> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await new Promise<Socket>((resolve, reject) => {
        const s = createConnection({ host, port }, () => {
          s.off('error', reject);
          resolve(s);
        });
        s.once('error', reject);
      });
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`tcp store: cannot reach MASTER_ADDR:MASTER_PORT ${host}:${port}: ${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** attempt, 500)));
    }
  }
}

/** Listens to the store on `socket`, passing each event on. */
export function onStoreEvents(socket: Socket, handler: (e: StoreEvent) => void): void {
  readJsonLines(socket, (msg) => handler(msg as unknown as StoreEvent));
}
