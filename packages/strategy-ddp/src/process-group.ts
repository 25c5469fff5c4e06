import { DTypeError, ShapeError, fromValues, noGrad, type Collective, type ReduceOp, type Tensor, type Work } from '@flint/core';
import { ProcessGroupError } from './errors.js';
import type { HostArray, HostCollective } from './host-collective.js';
import { checkReduceOp } from './reduce-op.js';
import { PromiseWork } from './work.js';

/** Host values of `t` as the transport's array type; only float32 and int32 travel. */
async function hostValues(collective: string, t: Tensor): Promise<HostArray> {
  const v = await t.data();
  if (v instanceof Float32Array || v instanceof Int32Array) return v;
  throw new DTypeError(`${collective}: collectives move float32 or int32 tensors, got ${t.dtype}`);
}

/** Writes host `values` into `t` in place, on `t`'s device. */
function writeBack(t: Tensor, values: HostArray): void {
  const src = fromValues(values, t.shape, { dtype: t.dtype, device: t.device });
  noGrad(() => t.copy_(src));
  src.dispose();
}

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
  #destroyed = false;

  constructor(
    private readonly host: HostCollective,
    private readonly onDestroy: () => void = () => undefined,
  ) {}

  get rank(): number {
    return this.host.rank;
  }

  get worldSize(): number {
    return this.host.worldSize;
  }

  /** Runs `body` after every earlier collective settled, as one queued call. */
  private enqueue<T>(op: string, body: (name: string) => Promise<T>): Work<T> {
    if (this.#destroyed) return new PromiseWork(Promise.reject(new ProcessGroupError(`${op}: the process group was destroyed`)));
    const name = `${op} #${++this.#seq}`;
    const run = this.#tail.then(
      () => body(name),
      () => body(name),
    );
    this.#tail = run.catch(() => undefined);
    return new PromiseWork(run);
  }

  allReduce(t: Tensor, op: ReduceOp = 'sum'): Work {
    checkReduceOp('allReduce', op);
    checkDtype('allReduce', t);
    return this.enqueue('allReduce', async (name) => {
      const v = await hostValues(name, t);
      await this.host.allReduce(name, v, op);
      writeBack(t, v);
    });
  }

  broadcast(t: Tensor, src: number): Work {
    checkDtype('broadcast', t);
    this.checkRank('broadcast', src);
    return this.enqueue('broadcast', async (name) => {
      const v = await hostValues(name, t);
      await this.host.broadcast(name, v, src);
      if (this.rank !== src) writeBack(t, v);
    });
  }

  allGather(t: Tensor): Work<Tensor[]> {
    checkDtype('allGather', t);
    return this.enqueue('allGather', async (name) => {
      const all = await this.host.allGather(name, await hostValues(name, t));
      const n = t.size;
      const out: Tensor[] = [];
      for (let r = 0; r < this.worldSize; r++) out.push(fromValues(all.slice(r * n, (r + 1) * n), t.shape, { dtype: t.dtype, device: t.device }));
      return out;
    });
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
      writeBack(output, await this.host.reduceScatter(name, await hostValues(name, input), op));
    });
  }

  barrier(): Work {
    return this.enqueue('barrier', (name) => this.host.barrier(name));
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    await this.#tail;
    await this.host.close();
    this.onDestroy();
  }

  private checkRank(op: string, r: number): void {
    if (!Number.isInteger(r) || r < 0 || r >= this.worldSize) {
      throw new ProcessGroupError(`${op}: rank ${r} is outside the group of ${this.worldSize}`);
    }
  }
}
