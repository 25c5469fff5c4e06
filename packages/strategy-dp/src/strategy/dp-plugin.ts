import type { FlintPlugin } from '@flint/core';
import { DpStrategy, type DpStrategyOptions } from './dp-strategy.js';

/** The package's plugin descriptor: registers the `'dp'` strategy with the trainer. */
export const dpPlugin: FlintPlugin = {
  name: '@flint/strategy-dp',
  register(registries) {
    registries.strategies.add('dp', (opts) => new DpStrategy(opts as DpStrategyOptions));
  },
};
