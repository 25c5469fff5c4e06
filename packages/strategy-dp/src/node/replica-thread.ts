import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { startThreadWorker } from '@flint/core/node';
import type { FromReplica, ReplicaModuleRef, ReplicaRequest, ToReplica } from './replica-protocol.js';

type Reply = FromReplica & { ok: true };

const workerScript = (): URL => new URL(import.meta.url.endsWith('.ts') ? './replica-worker-main.ts' : './replica-worker-main.js', import.meta.url);

/** A replica thread's failure, named by thread. */
export class ReplicaThreadError extends Error {
  override readonly name = 'ReplicaThreadError';
}

/**
 * The main side of one replica thread. `request` is answered by a promise; `post` +
 * `waitReply` by a synchronous wait (`Atomics.wait` on a shared signal, the reply read with
 * `receiveMessageOnPort`), which is how a synchronous forward waits for the thread. A thread
 * that dies fails every open request with an error naming it; a blocking wait gives up after
 * `timeoutMs`. The thread holds the process open only while a request is waiting, so a script
 * that forgets `close()` still exits.
 */
export class ReplicaThread {
  readonly #worker: Worker;
  readonly #replies: MessagePort;
  readonly #signal = new Int32Array(new SharedArrayBuffer(4));
  readonly #open = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  readonly #arrived = new Map<number, FromReplica>();
  #next = 0;
  #dead: Error | null = null;

  constructor(
    readonly index: number,
    ref: ReplicaModuleRef,
    private readonly timeoutMs = 600_000,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.#replies = port1;
    const workerData = { ...ref, replyPort: port2, signal: this.#signal.buffer };
    this.#worker = startThreadWorker(workerScript(), { workerData, transferList: [port2], loadsTypeScript: /\.[cm]?tsx?$/.test(ref.url) });
    this.#worker.unref(); // an idle replica thread does not keep the process alive
    this.#worker.on('message', (m: FromReplica) => {
      const req = this.#open.get(m.id);
      this.#open.delete(m.id);
      if (this.#open.size === 0) this.#worker.unref();
      if (!req) return;
      if (m.ok) req.resolve(m);
      else req.reject(this.#failure(m));
    });
    const die = (why: string): void => {
      this.#dead = new ReplicaThreadError(`DataParallel replica ${index} (thread): ${why}`);
      for (const r of this.#open.values()) r.reject(this.#dead);
      this.#open.clear();
    };
    this.#worker.on('error', (e) => die(e.message));
    this.#worker.on('exit', (code) => die(`the thread exited (code ${code})`));
  }

  #failure(m: FromReplica & { ok: false }): ReplicaThreadError {
    return new ReplicaThreadError(`DataParallel replica ${this.index} (thread): ${m.name}: ${m.message}`);
  }

  /** Sends `req`; the promise settles with the thread's reply. */
  request(req: ReplicaRequest): Promise<Reply> {
    if (this.#dead) return Promise.reject(this.#dead);
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#open.set(id, { resolve, reject });
      this.#worker.ref();
      this.#worker.postMessage({ ...req, id, blocking: false } as ToReplica);
    });
  }

  /** Sends `req` for a blocking reply; returns its id for `waitReply`. */
  post(req: ReplicaRequest): number {
    if (this.#dead) throw this.#dead;
    const id = this.#next++;
    this.#worker.postMessage({ ...req, id, blocking: true } as ToReplica);
    return id;
  }

  /** Blocks this thread until the reply to `post`'s request `id` arrives. */
  waitReply(id: number): Reply {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const seen = Atomics.load(this.#signal, 0);
      for (let m = receiveMessageOnPort(this.#replies); m; m = receiveMessageOnPort(this.#replies)) {
        const reply = m.message as FromReplica;
        this.#arrived.set(reply.id, reply);
      }
      const reply = this.#arrived.get(id);
      if (reply) {
        this.#arrived.delete(id);
        if (!reply.ok) throw this.#failure(reply);
        return reply;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new ReplicaThreadError(`DataParallel replica ${this.index} (thread): no reply within ${this.timeoutMs} ms`);
      Atomics.wait(this.#signal, 0, seen, Math.min(left, 1000));
    }
  }

  async close(): Promise<void> {
    this.#worker.removeAllListeners('exit');
    this.#replies.close();
    await this.#worker.terminate();
  }
}
