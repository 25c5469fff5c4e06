/* eslint-disable @typescript-eslint/no-unused-vars -- collectives are identities in one process */
import { DeviceError, getBackend, type AnyModule, type ModuleTree, type Optimizer, type ReduceOp, type Strategy, type StrategyOptions, type Tensor } from '@flint/core';
import { registerLogicalCpuDevices, LOGICAL_CPU_KIND } from '../devices/logical-cpu-devices.js';
import { resolveParallelConfig, type DataParallelOptions, type ResolvedParallelConfig } from '../options/resolve-options.js';
import { parallelForward } from '../parallel/parallel-forward.js';
import type { ReplicaSpec, ThreadedForward, ThreadedForwardFactory } from './replica-threads.js';

export interface DpStrategyOptions extends StrategyOptions {
  /** Devices to split over (default: `devices` devices of the accelerator's kind). */
  deviceIds?: readonly string[];
  outputDevice?: string;
  dim?: number;
  /**
   * CPU only: run replicas 1..devices-1 on worker threads, each building its module from this
   * module file and export (a class or a factory function), so the replicas truly run in
   * parallel; the module stays on `'cpu'` (Node only).
   */
  replica?: ReplicaSpec;
}

type Forward = (...inputs: unknown[]) => unknown;

/** The devices `'dp'` uses: `vcpu:0..n-1` for the CPU (one `'cpu'` when n is 1), else `<kind>:0..n-1`. */
export function dpDevices(opts: DpStrategyOptions): string[] {
  if (opts.deviceIds) return [...opts.deviceIds];
  const n = Math.max(1, opts.devices);
  if (opts.accelerator === 'cpu') {
    if (n === 1) return ['cpu'];
    registerLogicalCpuDevices(n);
    return Array.from({ length: n }, (_, i) => `${LOGICAL_CPU_KIND}:${i}`);
  }
  return Array.from({ length: n }, (_, i) => `${opts.accelerator}:${i}`);
}

/**
 * The trainer's `'dp'` strategy (Lightning's `DataParallelStrategy`): one process, the model on
 * `deviceIds[0]`, and its `forward` made data-parallel for the run, so `this.forward(x)` in
 * `trainingStep` scatters the batch, runs the replicas and gathers the outputs on the root
 * device. The loss is then computed once on the gathered outputs, which gives exactly the
 * single-device loss and gradients (also for uneven splits). With the `replica` option the
 * CPU replicas 1.. run on worker threads. Collectives are identities.
 */
export class DpStrategy implements Strategy {
  readonly name = 'dp';
  readonly rank = 0;
  readonly worldSize = 1;
  readonly isGlobalZero = true;
  readonly deviceIds: readonly string[];
  #restore: (() => void) | null = null;
  #threadsFactory: ThreadedForwardFactory | null = null;
  #threaded: ThreadedForward | null = null;

  constructor(private readonly opts: DpStrategyOptions) {
    if (opts.replica && opts.accelerator !== 'cpu') throw new DeviceError(`strategy 'dp': the replica option runs CPU replicas on threads; accelerator is '${opts.accelerator}'`);
    this.deviceIds = opts.replica ? ['cpu'] : dpDevices(opts);
  }

  get rootDevice(): string {
    return this.deviceIds[0];
  }

  async launch<T>(fn: () => Promise<T>): Promise<T> {
    if (this.opts.replica && this.opts.devices > 1) {
      // eslint-disable-next-line @nx/enforce-module-boundaries -- a subpath import, not another project
      this.#threadsFactory = (await import('#replica-threads')).createThreadedForward;
    }
    return fn();
  }

  setup<M extends ModuleTree>(module: M, _optimizers: readonly Optimizer[]): M {
    const asyncDevice = this.deviceIds.length > 1 ? this.deviceIds.find((d) => !getBackend(d).readSync) : undefined;
    if (asyncDevice !== undefined) {
      throw new DeviceError(
        `strategy 'dp': ${asyncDevice} reads asynchronously, and the trainer's synchronous training step cannot copy between such devices; ` +
          `use strategy 'ddp', or DataParallel.forwardAsync in your own loop`,
      );
    }
    module.to(this.rootDevice);
    if (this.#threadsFactory && this.opts.replica) {
      const factory = this.#threadsFactory;
      const replica = this.opts.replica;
      this.installForward(module, (base) => {
        this.#threaded = factory(module, (inputs) => base.apply(module, inputs), { threads: this.opts.devices, replica, dim: this.opts.dim ?? 0 });
        const threaded = this.#threaded;
        return (...inputs) => threaded.forward(inputs);
      });
      return module;
    }
    const dpOpts: DataParallelOptions = { deviceIds: this.deviceIds, outputDevice: this.opts.outputDevice, dim: this.opts.dim };
    const cfg: ResolvedParallelConfig = resolveParallelConfig(module, dpOpts);
    this.installForward(module, (base) => (...inputs) => parallelForward(module, inputs, cfg, (args) => base.apply(module, args)));
    return module;
  }

  /** Replaces the module's `forward` with `wrap(its own forward)` until `teardown`. */
  private installForward(module: AnyModule, wrap: (base: Forward) => Forward): void {
    this.#restore?.();
    const host = module as unknown as { forward?: Forward };
    const own = Object.getOwnPropertyDescriptor(module, 'forward');
    const base = host.forward;
    if (typeof base !== 'function') throw new TypeError(`strategy 'dp': ${module.constructor.name} has no forward to run in parallel`);
    const parallel = wrap(base);
    Object.defineProperty(module, 'forward', { value: parallel, configurable: true, writable: true, enumerable: false });
    this.#restore = () => {
      if (own) Object.defineProperty(module, 'forward', own);
      else delete host.forward;
      this.#restore = null;
    };
  }

  backward(loss: Tensor): void {
    loss.backward();
  }

  /** With replica threads: waits for their gradients (the trainer awaits this after backward). */
  async synchronize(): Promise<void> {
    await this.#threaded?.finishBackward();
  }

  optimizerStep(optimizer: Optimizer): void {
    optimizer.step();
  }

  async reduce(value: Tensor, _op?: ReduceOp): Promise<Tensor> {
    return value;
  }

  async barrier(_name?: string): Promise<void> {
    return undefined;
  }

  async broadcast<T>(value: T, _src?: number): Promise<T> {
    return value;
  }

  async allGather(value: Tensor): Promise<Tensor[]> {
    return [value];
  }

  async teardown(): Promise<void> {
    this.#restore?.();
    const threaded = this.#threaded;
    this.#threaded = null;
    await threaded?.close();
  }
}
