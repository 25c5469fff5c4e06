import { pathToFileURL } from 'node:url';
import { DeviceError, Module, cat, isGradEnabled, noGrad, type Tensor } from '@flint/core';
import { planScatter } from '../parallel/scatter.js';
import { fromHost, toHost } from './host-tensor.js';
import { ReplicaThread } from './replica-thread.js';

export interface ThreadedDataParallelOptions {
  /** Replicas, each on its own thread: this one and `threads - 1` worker threads (default 2). */
  readonly threads?: number;
  /**
   * Where each worker thread builds its copy of the module: a module file and the name of an
   * exported function returning a module of the same architecture (functions cannot cross
   * threads). Its parameter and buffer values are replaced by the wrapped module's every step.
   */
  readonly replica: { readonly module: string | URL; readonly exportName: string; readonly args?: readonly unknown[] };
  /** Dimension the inputs are scattered and the output gathered along (default 0). */
  readonly dim?: number;
}

interface PendingRun {
  /** Replica 0's output, whose graph runs here. */
  readonly local: Tensor;
  /** The outputs as leaves of the gather (replica 0's too after forwardAsync), whose gradients go back. */
  readonly leaves: Tensor[];
  /** What the forward returned (a lone leaf is returned as is): not freed here. */
  readonly output: Tensor;
  /** After a synchronous forward: the threads' backward replies, requested from gradient hooks during `loss.backward()`. */
  readonly backward?: Promise<Reply>[];
}

type Reply = Awaited<ReturnType<ReplicaThread['request']>>;

const moduleUrl = (m: string | URL): string => (m instanceof URL ? m.href : /^[a-z][a-z0-9+.-]*:/i.test(m) ? m : pathToFileURL(m).href);

/**
 * DataParallel on the CPU with replicas that truly run in parallel: replica 0 is the wrapped
 * module on this thread, replicas 1.. run on worker threads, each receiving the module's
 * parameters and buffers and its piece of the batch every step. `dp.call(x)`,
 * `loss.backward()`, `await dp.finishBackward()`, `optimizer.step()` (or the same with
 * `await dp.forwardAsync(x)`, which does not block this thread while the threads compute).
 * Takes tensor arguments and returns one tensor; module and tensors live on `'cpu'`.
 * `await dp.close()` ends the threads.
 */
export class ThreadedDataParallel<In extends Tensor[] = [Tensor]> extends Module<In, Tensor> {
  readonly dim: number;
  readonly #threads: ReplicaThread[];
  readonly #apply: (inputs: In) => Tensor;
  #pending: PendingRun | null = null;

  private constructor(
    readonly module: Module<In, Tensor>,
    threads: ReplicaThread[],
    dim: number,
    apply: ((inputs: In) => Tensor) | undefined,
  ) {
    super();
    this.#threads = threads;
    this.dim = dim;
    this.#apply = apply ?? ((inputs) => this.module.call(...inputs));
  }

  /**
   * Wraps `module` and starts its replica threads. `apply` runs replica 0 here (default
   * `module.call`; the trainer's strategy passes the module's own forward).
   */
  static create<I extends Tensor[]>(module: Module<I, Tensor>, opts: ThreadedDataParallelOptions, apply?: (inputs: I) => Tensor): ThreadedDataParallel<I> {
    const n = opts.threads ?? 2;
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`ThreadedDataParallel: threads must be a positive integer, got ${n}`);
    for (const t of [...module.parameters(), ...module.buffers()]) {
      if (t.device !== 'cpu') throw new DeviceError(`ThreadedDataParallel: the module must be on cpu, found a tensor on ${t.device}`);
    }
    const names = [...module.namedParameters(), ...module.namedBuffers()].map(([k]) => k);
    const ref = { url: moduleUrl(opts.replica.module), exportName: opts.replica.exportName, args: [...(opts.replica.args ?? [])], names };
    const threads = Array.from({ length: n - 1 }, (_, i) => new ReplicaThread(i + 1, ref));
    return new ThreadedDataParallel(module, threads, opts.dim ?? 0, apply);
  }

  /**
   * The synchronous forward (`dp.call(x)`): the threads compute their pieces while replica 0
   * computes here, then this thread blocks until their outputs arrive. During
   * `loss.backward()` each thread's output gradient is sent as soon as it is known, so the
   * threads' backward overlaps replica 0's; `await finishBackward()` collects their gradients.
   */
  forward(...inputs: In): Tensor {
    this.#release();
    const plan = planScatter(inputs, this.#threads.length + 1, this.dim);
    const grad = isGradEnabled();
    const state = [...this.module.parameters(), ...this.module.buffers()].map(toHost);
    const threads = this.#threads.slice(0, plan.replicas - 1);
    const ids = threads.map((t, k) => t.post({ kind: 'forward', state, inputs: inputs.map((x) => toHost(plan.piece(x, k + 1))), training: this.module.training, grad }));
    const local = this.#apply(inputs.map((x) => plan.piece(x, 0)) as In);
    const leaves = threads.map((t, k) => fromHost(t.waitReply(ids[k]).outputs![0]));
    const backward: Promise<Reply>[] = [];
    if (grad) {
      leaves.forEach((leaf, k) => {
        leaf.requiresGrad_();
        leaf.registerPostAccumulateGradHook((l) => void backward.push(threads[k].request({ kind: 'backward', grads: [toHost(l.grad!)] })));
      });
    }
    const output = leaves.length === 0 ? local : cat([local, ...leaves], this.dim);
    if (grad) this.#pending = { local, leaves, output, backward };
    return output;
  }

  /** Scatters the inputs, runs the replicas in parallel, gathers their outputs on this thread. */
  async forwardAsync(...inputs: In): Promise<Tensor> {
    this.#release();
    const plan = planScatter(inputs, this.#threads.length + 1, this.dim);
    const grad = isGradEnabled();
    const state = [...this.module.parameters(), ...this.module.buffers()].map(toHost);
    const remote = this.#threads.slice(0, plan.replicas - 1).map((t, k) =>
      t.request({ kind: 'forward', state, inputs: inputs.map((x) => toHost(plan.piece(x, k + 1))), training: this.module.training, grad }),
    );
    // Replica 0 computes here while the threads compute theirs.
    const local = this.#apply(inputs.map((x) => plan.piece(x, 0)) as In);
    const replies = await Promise.all(remote);
    const leaves = [local.detach(), ...replies.map((r) => fromHost(r.outputs![0]))];
    if (grad) for (const l of leaves) l.requiresGrad_();
    const output = leaves.length === 1 ? leaves[0] : cat(leaves, this.dim);
    this.#pending = { local, leaves, output };
    if (!grad) this.#release();
    return output;
  }

  /**
   * After `loss.backward()`: sends each thread its output gradient, runs replica 0's backward
   * here meanwhile, and adds the threads' parameter gradients into the module's, in order.
   */
  async finishBackward(): Promise<void> {
    const run = this.#pending;
    if (!run) return;
    let asks = run.backward;
    if (!asks) {
      asks = run.leaves.slice(1).map((leaf, k) => this.#threads[k].request({ kind: 'backward', grads: [leaf.grad ? toHost(leaf.grad) : null] }));
      const g0 = run.leaves[0].grad;
      if (g0) run.local.backward(g0);
    }
    const replies = await Promise.all(asks);
    noGrad(() => {
      const params = this.module.parameters();
      for (const r of replies) {
        r.paramGrads!.forEach((h, i) => {
          if (!h) return;
          const g = fromHost(h);
          const p = params[i];
          if (!p.grad) p.grad = g;
          else {
            const sum = p.grad.add(g);
            p.grad.dispose();
            g.dispose();
            p.grad = sum;
          }
        });
      }
    });
    this.#release();
  }

  #release(): void {
    const run = this.#pending;
    this.#pending = null;
    if (!run) return;
    for (const l of run.leaves) {
      l.grad?.dispose();
      if (l !== run.output) l.dispose();
    }
    if (run.local !== run.output) run.local.dispose();
  }

  /** Ends the replica threads. */
  async close(): Promise<void> {
    this.#release();
    await Promise.all(this.#threads.map((t) => t.close()));
  }
}
