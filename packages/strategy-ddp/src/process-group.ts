import { DTypeError, ShapeError, fromValues, type Collective, type ReduceOp, type Tensor, type Work } from '@flint/core';
import { ProcessGroupError } from './errors.js';
import type { BlockingCollective, StartBlocking } from './blocking-collective.js';
import { alloc, type HostCollective } from './host-collective.js';
import { hostValues, writeBack, writeInto } from './host-tensor.js';
import { checkReduceOp } from './reduce-op.js';
import { PromiseWork } from './work.js';
import { callSignature, checkSignatures } from './call-signature.js';
import type { GradCommThread } from './grad-comm/grad-comm-thread.js';

/** Starts a group's gradient communication thread; a collective call on the group (every rank makes it). */
export type StartGradComm = () => Promise<GradCommThread>;

function checkDtype(collective: string, t: Tensor): void {
  if (t.dtype !== 'float32' && t.dtype !== 'int32') {
    throw new DTypeError(`${collective}: collectives move float32 or int32 tensors, got ${t.dtype}`);
  }
}

/**
 * The `Collective` of one process group over a transport: every call is queued behind the
 * previous one (all ranks issue collectives in the same order), reads the tensor's values from
 * its backend, runs the transport's algorithm off the caller's stack, and writes results back
 * in place. Errors carry the collective's name and sequence number (`allReduce #3`).
 */
export class ProcessGroup implements Collective {
  #tail: Promise<unknown> = Promise.resolve();
  #seq = 0;
  #blockingSeq = 0;
  #destroyed = false;

  #blocking: BlockingCollective | null;
  #startBlocking: StartBlocking | null;
  #gradComm: Promise<GradCommThread> | null = null;

  /** `blocking` is the transport's blocking channel, or how to start it (`enableBlocking`). */
  /**
   * `debug`: before each collective, the ranks all-gather its sequence number, op, dtype and
   * shape and fail with `CollectiveMismatchError` when any differ (one small extra collective
   * per call; the byte-length check of the transports is always on).
   */
  constructor(
    private readonly host: HostCollective,
    private readonly onDestroy: () => void = () => undefined,
    blocking: BlockingCollective | StartBlocking | null = null,
    private readonly debug = false,
    private readonly startGradComm: StartGradComm | null = null,
  ) {
    this.#blocking = typeof blocking === 'function' ? null : blocking;
    this.#startBlocking = typeof blocking === 'function' ? blocking : null;
  }

  /**
   * Makes `allReduceBlocking` available (SyncBatchNorm needs it): on TCP it starts a worker
   * thread with a ring of its own, so every rank must call it, in the same order as its other
   * collectives. Shared memory has the channel from the start. Idempotent.
   */
  async enableBlocking(): Promise<void> {
    const start = this.#startBlocking;
    if (this.#blocking || !start) return;
    this.#startBlocking = null;
    this.#blocking = await start();
  }

  /**
   * This rank's gradient communication thread (DDP's bucket all-reduces run there, off the
   * compute thread), started at the first call: a collective call on tcp, where the threads form
   * a ring of their own, so every rank makes it in the same order as its other collectives.
   * Null for a group of one rank. Idempotent.
   */
  enableGradComm(): Promise<GradCommThread> | null {
    if (!this.startGradComm || this.worldSize === 1) return null;
    if (this.#destroyed) return Promise.reject(new ProcessGroupError('enableGradComm: the process group was destroyed'));
    this.#gradComm ??= this.startGradComm();
    return this.#gradComm;
  }

  get rank(): number {
    return this.host.rank;
  }

  get worldSize(): number {
    return this.host.worldSize;
  }

  /** Runs `body` after every earlier collective settled, as one queued call. */
  private enqueue<T>(op: string, body: (name: string) => Promise<T>, t?: Tensor): Work<T> {
    if (this.#destroyed) return new PromiseWork(Promise.reject(new ProcessGroupError(`${op}: the process group was destroyed`)));
    const seq = ++this.#seq;
    const name = `${op} #${seq}`;
    const call = async (): Promise<T> => {
      if (this.debug) checkSignatures(name, await this.host.allGather(`${name} (debug check)`, callSignature(seq, op, t)), this.worldSize);
      return body(name);
    };
    const run = this.#tail.then(call, call);
    this.#tail = run.catch(() => undefined);
    return new PromiseWork(run);
  }

  allReduce(t: Tensor, op: ReduceOp = 'sum'): Work {
    checkReduceOp('allReduce', op);
    checkDtype('allReduce', t);
    return this.enqueue('allReduce', async (name) => {
      const h = await hostValues(name, t);
      await this.host.allReduce(name, h.values, op);
      writeBack(t, h);
    }, t);
  }

  broadcast(t: Tensor, src: number): Work {
    checkDtype('broadcast', t);
    this.checkRank('broadcast', src);
    return this.enqueue('broadcast', async (name) => {
      const h = await hostValues(name, t);
      await this.host.broadcast(name, h.values, src);
      if (this.rank !== src) writeBack(t, h);
    }, t);
  }

  allGather(t: Tensor): Work<Tensor[]> {
    checkDtype('allGather', t);
    return this.enqueue('allGather', async (name) => {
      const all = await this.host.allGather(name, (await hostValues(name, t)).values);
      const n = t.size;
      const out: Tensor[] = [];
      for (let r = 0; r < this.worldSize; r++) out.push(fromValues(all.slice(r * n, (r + 1) * n), t.shape, { dtype: t.dtype, device: t.device }));
      return out;
    }, t);
  }

  /**
   * `all_gather(tensor_list, tensor)`: writes every rank's `t` into `outputs[r]` in place.
   * `outputs` holds worldSize tensors of `t`'s shape and dtype.
   */
  allGatherInto(outputs: readonly Tensor[], t: Tensor): Work {
    this.checkList('allGatherInto', outputs, t);
    return this.enqueue('allGatherInto', async (name) => {
      const all = await this.host.allGather(name, (await hostValues(name, t)).values);
      outputs.forEach((o, r) => writeInto(o, all.subarray(r * t.size, (r + 1) * t.size)));
    }, t);
  }

  /**
   * `gather(tensor, gather_list, dst)`: rank `dst` receives every rank's `t` in rank order;
   * the others resolve with null. (Runs as an all-gather: no rank is a hub.)
   */
  gather(t: Tensor, dst: number): Work<Tensor[] | null> {
    checkDtype('gather', t);
    this.checkRank('gather', dst);
    return this.enqueue('gather', async (name) => {
      const all = await this.host.allGather(name, (await hostValues(name, t)).values);
      if (this.rank !== dst) return null;
      const n = t.size;
      return Array.from({ length: this.worldSize }, (_, r) => fromValues(all.slice(r * n, (r + 1) * n), t.shape, { dtype: t.dtype, device: t.device }));
    }, t);
  }

  /**
   * `scatter(output, scatter_list, src)`: rank r's `output` receives `inputs[r]` of rank `src`.
   * Only `src` passes `inputs` (worldSize tensors of `output`'s shape and dtype).
   */
  scatter(output: Tensor, inputs: readonly Tensor[] | null, src: number): Work {
    checkDtype('scatter', output);
    this.checkRank('scatter', src);
    if (this.rank === src) {
      if (!inputs) throw new ProcessGroupError(`scatter: rank ${src} is the source and must pass ${this.worldSize} input tensors`);
      this.checkList('scatter', inputs, output);
    }
    return this.enqueue('scatter', async (name) => {
      const n = output.size;
      const probe = output.dtype === 'int32' ? new Int32Array(0) : new Float32Array(0);
      const buf = alloc(probe, n * this.worldSize);
      if (this.rank === src && inputs) for (let r = 0; r < this.worldSize; r++) buf.set((await hostValues(name, inputs[r])).values, r * n);
      await this.host.broadcast(name, buf, src);
      writeInto(output, buf.subarray(this.rank * n, (this.rank + 1) * n));
    }, output);
  }

  reduceScatter(output: Tensor, input: Tensor, op: ReduceOp = 'sum'): Work {
    checkReduceOp('reduceScatter', op);
    checkDtype('reduceScatter', input);
    if (output.dtype !== input.dtype) throw new DTypeError(`reduceScatter: output ${output.dtype} and input ${input.dtype} differ`);
    if (input.size !== output.size * this.worldSize) {
      throw new ShapeError(
        `reduceScatter: input of ${input.size} elements is not worldSize (${this.worldSize}) x output (${output.size} elements)`,
      );
    }
    return this.enqueue('reduceScatter', async (name) => {
      writeInto(output, await this.host.reduceScatter(name, (await hostValues(name, input)).values, op));
    }, input);
  }

  /**
   * Sums `buf` over the ranks in place and returns when done, blocking this thread: for ops
   * inside a synchronous forward or backward (SyncBatchNorm). Runs on a channel of its own, so
   * it does not wait behind (or race) the asynchronous collectives in flight. Every rank gets
   * the same bits.
   */
  allReduceBlocking(buf: Float32Array): void {
    const name = `allReduceBlocking #${++this.#blockingSeq}`;
    if (this.#destroyed) throw new ProcessGroupError(`${name}: the process group was destroyed`);
    if (!this.#blocking) {
      throw new ProcessGroupError(
        `${name}: blocking collectives are not enabled on this process group; await group.enableBlocking() on every rank first ` +
          '(DistributedDataParallel.create and the ddp strategy do it for models with SyncBatchNorm)',
      );
    }
    this.#blocking.allReduceSum(name, buf);
  }

  barrier(): Work {
    return this.enqueue('barrier', (name) => this.host.barrier(name));
  }

  /** Leaves the group; `abort` (this rank failed): without waiting for peers that may be hung. */
  async destroy({ abort = false }: { abort?: boolean } = {}): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    await this.#tail;
    await this.#gradComm?.then((c) => c.close(), () => undefined);
    await this.#blocking?.close?.();
    await this.host.close(abort);
    this.onDestroy();
  }

  private checkList(op: string, list: readonly Tensor[], like: Tensor): void {
    checkDtype(op, like);
    if (list.length !== this.worldSize) throw new ShapeError(`${op}: expected ${this.worldSize} tensors (one per rank), got ${list.length}`);
    list.forEach((o, r) => {
      if (o.dtype !== like.dtype || o.size !== like.size) {
        throw new ShapeError(`${op}: tensor ${r} is ${o.dtype} [${o.shape.join(', ')}], expected ${like.dtype} [${like.shape.join(', ')}]`);
      }
    });
  }

  private checkRank(op: string, r: number): void {
    if (!Number.isInteger(r) || r < 0 || r >= this.worldSize) {
      throw new ProcessGroupError(`${op}: rank ${r} is outside the group of ${this.worldSize}`);
    }
  }
}
