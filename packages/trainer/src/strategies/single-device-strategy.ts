/* eslint-disable @typescript-eslint/no-empty-function, @typescript-eslint/no-unused-vars -- hooks are no-op defaults subclasses override */
import type { ModuleTree, Optimizer, ReduceOp, Strategy, StrategyOptions, Tensor } from '@flint/core';

/** One device, one process (Lightning's `SingleDeviceStrategy`): collectives are identities. */
export class SingleDeviceStrategy implements Strategy {
  readonly name = 'single';
  readonly rank = 0;
  readonly worldSize = 1;
  readonly isGlobalZero = true;

  constructor(readonly rootDevice = 'cpu') {}

  launch<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  setup<M extends ModuleTree>(module: M, _optimizers: readonly Optimizer[]): M {
    return module.to(this.rootDevice);
  }

  backward(loss: Tensor): void {
    loss.backward();
  }

  optimizerStep(optimizer: Optimizer): void {
    optimizer.step();
  }

  async reduce(value: Tensor, _op?: ReduceOp): Promise<Tensor> {
    return value;
  }

  async barrier(_name?: string): Promise<void> {}

  async broadcast<T>(value: T, _src?: number): Promise<T> {
    return value;
  }

  async allGather(value: Tensor): Promise<Tensor[]> {
    return [value];
  }

  async teardown(): Promise<void> {}
}

/** The factory registered as 'single' (and what 'auto' picks for one device). */
export const singleDeviceFactory = (opts: StrategyOptions): Strategy => {
  if (opts.devices > 1) throw new Error(`strategy 'single' runs on one device, got devices: ${opts.devices}; use strategy 'ddp' or 'dp'`);
  const device = typeof opts.device === 'string' ? opts.device : opts.accelerator === 'cpu' ? 'cpu' : `${opts.accelerator}:0`;
  return new SingleDeviceStrategy(device);
};
