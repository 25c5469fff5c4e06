import { Module, type Tensor } from '@flint/core';
import { assertOnSourceDevice, resolveParallelConfig, type DataParallelOptions, type ResolvedParallelConfig } from './options/resolve-options.js';
import { parallelForward } from './parallel/parallel-forward.js';
import { AsyncParallelRun } from './parallel/async-parallel-run.js';

/**
 * `torch.nn.DataParallel`: each call scatters the inputs along `dim` over `deviceIds`,
 * replicates the module onto those devices, runs the replicas (forward hooks included) and
 * gathers the outputs on `outputDevice`. `loss.backward()` then sums every replica's gradient
 * into the wrapped module's parameters: the same gradients as one device on the whole batch.
 *
 * The module must live on `deviceIds[0]`; its replica there is the module itself, so
 * BatchNorm running statistics are updated from that replica's piece of the batch only.
 * The wrapped module sits in the `module` field, so state-dict keys carry PyTorch's
 * `module.` prefix (load them into an unwrapped model with `stripPrefix: 'module.'`).
 *
 * ```ts
 * registerLogicalCpuDevices(2);
 * const dp = new DataParallel(net.to('vcpu:0'), { deviceIds: ['vcpu:0', 'vcpu:1'] });
 * crossEntropy(dp.call(x), y).backward();
 * ```
 */
export class DataParallel<In extends unknown[] = [Tensor], Out = Tensor> extends Module<In, Out> {
  readonly deviceIds: readonly string[];
  readonly outputDevice: string;
  readonly dim: number;
  #pending: AsyncParallelRun | null = null;

  constructor(
    readonly module: Module<In, Out>,
    opts: DataParallelOptions = {},
  ) {
    super();
    const cfg = resolveParallelConfig(module, opts);
    this.deviceIds = cfg.deviceIds;
    this.outputDevice = cfg.outputDevice;
    this.dim = cfg.dim;
  }

  private get config(): ResolvedParallelConfig {
    return { deviceIds: this.deviceIds, outputDevice: this.outputDevice, dim: this.dim };
  }

  forward(...inputs: In): Out {
    assertOnSourceDevice(this.module, this.config);
    return parallelForward(this.module, inputs, this.config, (args: In) => this.module.call(...args));
  }

  /**
   * The forward for devices that read asynchronously (several WebGPU devices): copies between
   * devices are awaited. After `loss.backward()`, `await finishBackward()` carries the
   * replicas' gradients into the module. Works on any device; a run not finished is freed by
   * the next `forwardAsync`.
   */
  async forwardAsync(...inputs: In): Promise<Out> {
    this.#pending?.dispose();
    this.#pending = null;
    assertOnSourceDevice(this.module, this.config);
    const { run, output } = await AsyncParallelRun.start(this.module, inputs, this.config, (args: In) => this.module.call(...args));
    if (run.needsBackward) this.#pending = run;
    else run.dispose();
    return output;
  }

  /**
   * Completes the backward of the last `forwardAsync` (call it after `loss.backward()`, before
   * `optimizer.step()`): the module's parameters then hold the same gradients as one device on
   * the whole batch. Nothing to do after a synchronous forward.
   */
  async finishBackward(): Promise<void> {
    const run = this.#pending;
    this.#pending = null;
    if (!run) return;
    try {
      await run.finishBackward();
    } finally {
      run.dispose();
    }
  }
}
