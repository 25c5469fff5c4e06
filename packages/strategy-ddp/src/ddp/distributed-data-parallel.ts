import { Module, deviceCount, type Collective, type Tensor } from '@flint/core';
import { getProcessGroup, spawnContext } from '../init-process-group.js';
import { readDistEnv } from '../env.js';
import { warnIfAdapterShared } from './shared-adapter-warning.js';
import type { BucketTiming } from './bucket-transport.js';
import { DdpEngine, type DdpEngineOptions } from './ddp-engine.js';

export interface DdpOptions extends DdpEngineOptions {
  /** The group to reduce over (default: the one `initProcessGroup` made). */
  processGroup?: Collective;
}

/**
 * `torch.nn.parallel.DistributedDataParallel`: wraps a module so that `backward()` averages
 * gradients over the process group while it runs. Build it with `await
 * DistributedDataParallel.create(model)` (construction broadcasts rank 0's parameters and
 * buffers, which is asynchronous), train as usual, and `await ddp.finishGradSync()` between
 * `loss.backward()` and `optimizer.step()`. The wrapped model sits in the `module` field, so
 * state-dict keys carry PyTorch's `module.` prefix. The work is `DdpEngine`'s, which the
 * trainer's `'ddp'` strategy shares.
 */
export class DistributedDataParallel<In extends unknown[] = [Tensor], Out = Tensor> extends Module<In, Out> {
  readonly #engine: DdpEngine;

  constructor(
    readonly module: Module<In, Out>,
    opts: DdpOptions = {},
  ) {
    super();
    const group = opts.processGroup ?? getProcessGroup();
    this.#engine = new DdpEngine(group, module, opts, 'module');
    const device = module.parameters()[0]?.device;
    if (device) warnIfAdapterShared(device, spawnContext() ? group.worldSize : readDistEnv().localWorldSize, deviceCount(device));
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
  init(): Promise<void> {
    return this.#engine.init();
  }

  get processGroup(): Collective {
    return this.#engine.group;
  }

  /** Gradient buckets (for inspection): parameter names in all-reduce order. */
  get bucketNames(): string[][] {
    return this.#engine.bucketNames;
  }

  /**
   * When each gradient bucket of the last synchronised step was handed to the communication
   * thread and when its average was ready (epoch ms, `performance.timeOrigin + performance.now()`
   * of the thread that recorded it), in bucket order: what overlap backward got.
   */
  get bucketTimings(): readonly BucketTiming[] {
    return this.#engine.bucketTimings;
  }

  forward(...inputs: In): Out {
    this.#engine.prepare();
    return this.module.call(...inputs);
  }

  /**
   * Waits until every gradient bucket is averaged over the group and written into `.grad`
   * (and rank 0's buffers are broadcast); call it before `optimizer.step()`.
   */
  finishGradSync(): Promise<void> {
    return this.#engine.finish();
  }

  /**
   * The join protocol for uneven inputs (PyTorch's `with model.join():`): runs `fn`, this
   * rank's training loop over however many batches it has. A rank that finishes early keeps
   * answering the others' collectives (zeros for every gradient bucket, the buffer broadcast)
   * until every rank has finished, so no rank waits forever; gradients stay divided by the
   * initial world size, as PyTorch's default. At the end every rank gets the parameters and
   * buffers of the last rank to finish. Each synchronised step costs one extra tiny all-reduce.
   */
  join<T>(fn: () => T | Promise<T>): Promise<T> {
    return this.#engine.join(fn);
  }

  /** Runs `fn` (forward and backward of micro-batches) without synchronising gradients. */
  noSync<T>(fn: () => T | Promise<T>): Promise<T> {
    return this.#engine.noSync(fn);
  }

  /** Removes the gradient hooks from the wrapped module's parameters. */
  dispose(): void {
    this.#engine.dispose();
  }
}
