import { getNumThreads, type AcceleratorFactory, type Registry, type Strategy, type StrategyFactory } from '@flint/core';
import type { PluginLoader } from '../di/plugin-loader.js';
import type { Reporter } from '../events/reporter.js';
import { selectAccelerator } from '../accelerators/select-accelerator.js';
import { oversubscription, startLine } from '../accelerators/start-line.js';
// eslint-disable-next-line @nx/enforce-module-boundaries -- a subpath import, not another project
import { hostCores } from '#host-cores';

/** What the resolver needs from the Trainer's container and options. */
export interface StrategyResolverDeps {
  readonly plugins: PluginLoader;
  readonly accelerators: Registry<AcceleratorFactory>;
  readonly strategies: Registry<StrategyFactory>;
  readonly reporter: Reporter;
  readonly accelerator: string;
  readonly devices: number;
  /** 'auto' or a registered/plugin strategy name. */
  readonly strategy: string;
  readonly strategyOptions: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Picks the accelerator and builds the strategy of a run (Lightning's accelerator connector),
 * and says once per Trainer, on global rank 0, what it picked: the start line, and the
 * oversubscription warning when CPU ranks outnumber the cores.
 */
export class StrategyResolver {
  private announced = false;

  constructor(private readonly d: StrategyResolverDeps) {}

  async resolve(): Promise<Strategy> {
    const d = this.d;
    const acc = await selectAccelerator(d.accelerator, d.accelerators, d.plugins);
    if (acc.fallback) d.reporter.warn(acc.reason);
    // Brings the accelerator's first device up in this process (WebGPU: adapter and device);
    // with no adapter it throws a DeviceError saying what is missing.
    await acc.factory.create(`${acc.name}:0`);
    const name = d.strategy === 'auto' ? (d.devices > 1 ? 'ddp' : 'single') : d.strategy;
    if (!d.strategies.has(name)) await d.plugins.load('strategy', name);
    const strategy = d.strategies.get(name)({ ...d.strategyOptions, devices: d.devices, accelerator: acc.name });
    if (!this.announced && strategy.rank === 0) {
      this.announced = true;
      const layout = { accelerator: acc, devices: d.devices, strategy: strategy.name, worldSize: strategy.worldSize, threads: getNumThreads(), cores: hostCores() };
      d.reporter.info?.(startLine(layout));
      const over = oversubscription(layout);
      if (over) d.reporter.warn(over);
    }
    return strategy;
  }
}
