import { Module, type Collective, type Tensor } from '@flint/core';
import { getProcessGroup } from '../init-process-group.js';
import { broadcastModuleState } from './broadcast-state.js';
import { GradReducer, type GradReducerOptions } from './grad-reducer.js';

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

  constructor(
    readonly module: Module<In, Out>,
    opts: DdpOptions = {},
  ) {
    super();
    this.#group = opts.processGroup ?? getProcessGroup();
    this.#broadcastBuffers = opts.broadcastBuffers ?? true;
    this.#reducer = new GradReducer(this.#group, module, opts, 'module');
  }

  /** Wraps `module` and waits for rank 0's parameters and buffers to arrive. */
  static async create<I extends unknown[], O>(module: Module<I, O>, opts: DdpOptions = {}): Promise<DistributedDataParallel<I, O>> {
    const ddp = new DistributedDataParallel(module, opts);
    await ddp.init();
    return ddp;
  }

  /** Broadcasts rank 0's parameters and buffers to every rank. */
  init(): Promise<void> {
    return broadcastModuleState(this.#group, this.module);
  }

  get processGroup(): Collective {
    return this.#group;
  }

  /** Gradient buckets (for inspection): parameter names in all-reduce order. */
  get bucketNames(): string[][] {
    return this.#reducer.buckets.map((b) => [...b.names]);
  }

  forward(...inputs: In): Out {
    this.#reducer.prepare();
    return this.module.call(...inputs);
  }

  /**
   * Waits until every gradient bucket is averaged over the group and written into `.grad`
   * (and rank 0's buffers are broadcast); call it before `optimizer.step()`.
   */
  async finishGradSync(): Promise<void> {
    await this.#reducer.finish();
    if (this.#broadcastBuffers && this.module.buffers().length > 0) {
      const bufs = this.module.buffers().filter((t) => t.dtype === 'float32' || t.dtype === 'int32');
      const works = bufs.map((b) => this.#group.broadcast(b, 0));
      for (const w of works) await w.wait();
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
