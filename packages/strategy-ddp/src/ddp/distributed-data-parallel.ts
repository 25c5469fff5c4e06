import { Module, deviceCount, type Collective, type Tensor } from '@flint/core';
import { getProcessGroup, spawnContext } from '../init-process-group.js';
import { readDistEnv } from '../env.js';
import { warnIfAdapterShared } from './shared-adapter-warning.js';
import { broadcastModuleState } from './broadcast-state.js';
import { GradReducer, type GradReducerOptions } from './grad-reducer.js';
import type { BucketTiming } from './bucket-transport.js';
import { JoinVote } from './join.js';
import { enableSyncBatchNorm } from '../sync-batch-norm/enable-sync-batch-norm.js';

export interface DdpOptions extends GradReducerOptions {
  /** The group to reduce over (default: the one `initProcessGroup` made). */
  processGroup?: Collective;
  /** Broadcast rank 0's buffers (BatchNorm statistics) after every synchronised step (default true). */
  broadcastBuffers?: boolean;
}

/**
 * `torch.nn.parallel.DistributedDataParallel`: wraps a module so that `backward()` averages
 * gradients over the process group while it runs. Build it with `await
 * DistributedDataParallel.create(model)` (construction broadcasts rank 0's parameters and
 * buffers, which is asynchronous), train as usual, and `await ddp.finishGradSync()` between
 * `loss.backward()` and `optimizer.step()`. The wrapped model sits in the `module` field, so
 * state-dict keys carry PyTorch's `module.` prefix.
 */
export class DistributedDataParallel<In extends unknown[] = [Tensor], Out = Tensor> extends Module<In, Out> {
  readonly #group: Collective;
  readonly #reducer: GradReducer;
  readonly #broadcastBuffers: boolean;
  /** While `join` runs: the vote, and this step's pending ballot (cast at forward). */
  #join: JoinVote | null = null;
  #ballot: { wait(): Promise<number> } | null = null;

  constructor(
    readonly module: Module<In, Out>,
    opts: DdpOptions = {},
  ) {
    super();
    this.#group = opts.processGroup ?? getProcessGroup();
    this.#broadcastBuffers = opts.broadcastBuffers ?? true;
    this.#reducer = new GradReducer(this.#group, module, opts, 'module');
    const device = module.parameters()[0]?.device;
    if (device) warnIfAdapterShared(device, spawnContext() ? this.#group.worldSize : readDistEnv().localWorldSize, deviceCount(device));
  }

  /** Wraps `module` and waits for rank 0's parameters and buffers to arrive. */
  static async create<I extends unknown[], O>(module: Module<I, O>, opts: DdpOptions = {}): Promise<DistributedDataParallel<I, O>> {
    const ddp = new DistributedDataParallel(module, opts);
    await ddp.init();
    return ddp;
  }

  /**
   * Broadcasts rank 0's parameters and buffers to every rank, and readies SyncBatchNorm's
   * channel and the gradient communication thread (collective calls: every rank makes them).
   */
  async init(): Promise<void> {
    await enableSyncBatchNorm(this.#group, this.module);
    await this.#reducer.attach();
    await broadcastModuleState(this.#group, this.module);
  }

  get processGroup(): Collective {
    return this.#group;
  }

  /** Gradient buckets (for inspection): parameter names in all-reduce order. */
  get bucketNames(): string[][] {
    return this.#reducer.buckets.map((b) => [...b.names]);
  }

  /**
   * When each gradient bucket of the last synchronised step was handed to the communication
   * thread and when its average was ready (epoch ms, `performance.timeOrigin + performance.now()`
   * of the thread that recorded it), in bucket order: what overlap backward got.
   */
  get bucketTimings(): readonly BucketTiming[] {
    return this.#reducer.timings;
  }

  forward(...inputs: In): Out {
    this.#reducer.prepare();
    // Cast before backward launches any bucket, so every rank's vote precedes its buckets.
    if (this.#join && this.#reducer.armed) this.#ballot = this.#join.cast(true);
    return this.module.call(...inputs);
  }

  /**
   * Waits until every gradient bucket is averaged over the group and written into `.grad`
   * (and rank 0's buffers are broadcast); call it before `optimizer.step()`.
   */
  async finishGradSync(): Promise<void> {
    await this.#reducer.finish();
    const ballot = this.#ballot;
    this.#ballot = null;
    await this.syncBuffers(ballot ? await ballot.wait() : 0);
  }

  /** Broadcasts rank `src`'s buffers (BatchNorm statistics), when `broadcastBuffers`. */
  private async syncBuffers(src: number): Promise<void> {
    if (!this.#broadcastBuffers || this.#group.worldSize === 1) return;
    const bufs = this.module.buffers().filter((t) => t.dtype === 'float32' || t.dtype === 'int32');
    const works = bufs.map((b) => this.#group.broadcast(b, src));
    for (const w of works) await w.wait();
  }

  /**
   * The join protocol for uneven inputs (PyTorch's `with model.join():`): runs `fn`, this
   * rank's training loop over however many batches it has. A rank that finishes early keeps
   * answering the others' collectives (zeros for every gradient bucket, the buffer broadcast)
   * until every rank has finished, so no rank waits forever; gradients stay divided by the
   * initial world size, as PyTorch's default. At the end every rank gets the parameters and
   * buffers of the last rank to finish. Each synchronised step costs one extra tiny all-reduce.
   */
  async join<T>(fn: () => T | Promise<T>): Promise<T> {
    if (this.#join) throw new Error('DistributedDataParallel.join: already inside join()');
    const vote = new JoinVote(this.#group);
    this.#join = vote;
    try {
      const result = await fn();
      for (;;) {
        const authority = await vote.cast(false).wait();
        if (authority < 0) break;
        await this.#reducer.shadowStep();
        await this.syncBuffers(authority);
      }
      if (vote.lastAuthority >= 0) await broadcastModuleState(this.#group, this.module, { buffers: this.#broadcastBuffers, src: vote.lastAuthority });
      return result;
    } finally {
      this.#join = null;
    }
  }

  /** Runs `fn` (forward and backward of micro-batches) without synchronising gradients. */
  noSync<T>(fn: () => T | Promise<T>): Promise<T> {
    return this.#reducer.noSync(fn);
  }

  /** Removes the gradient hooks from the wrapped module's parameters. */
  dispose(): void {
    this.#reducer.dispose();
  }
}
