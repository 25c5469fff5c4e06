import type { FlintPlugin } from '@flint/core';
import { DdpStrategy, type DdpStrategyOptions } from './ddp-strategy.js';

/** The package's plugin descriptor: registers the `'ddp'` strategy with the trainer. */
export const ddpPlugin: FlintPlugin = {
  name: '@flint/strategy-ddp',
  register(registries) {
    registries.strategies.add('ddp', (opts) => new DdpStrategy(opts as DdpStrategyOptions));
  },
};
