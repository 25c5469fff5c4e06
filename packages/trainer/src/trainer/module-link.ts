import type { LRScheduler, Optimizer, Strategy, Tensor } from '@flint/core';
import type { TrainerLink } from '../module/lightning-module.js';
import type { ResolvedScheduler } from '../module/optimizer-config.js';
import type { LoggerConnector } from '../loops/logger-connector.js';
import type { LoopState } from '../loops/loop-state.js';
import type { Trainer } from './trainer.js';
import { rankInfo } from './rank-info.js';

/** What a run gives its module: where logs go, its optimizers, the strategy, the trainer. */
export interface ModuleLinkParts {
  readonly trainer: Trainer;
  readonly strategy: Strategy;
  readonly state: LoopState;
  readonly metrics: () => LoggerConnector;
  readonly run: { readonly optimizers: readonly Optimizer[]; readonly schedulers: readonly ResolvedScheduler[] };
}

/** The `TrainerLink` a module is attached to for one run (its `log`, `optimizers()`, `trainer`, ranks). */
export function moduleLink(p: ModuleLinkParts): TrainerLink {
  const { strategy, state, run } = p;
  return {
    log: (n, v, o) => p.metrics().log(n, v, o),
    get optimizers() {
      return run.optimizers;
    },
    get schedulers(): LRScheduler[] {
      return run.schedulers.map((s) => s.scheduler);
    },
    device: strategy.rootDevice,
    get currentEpoch() {
      return state.epoch;
    },
    get globalStep() {
      return state.globalStep;
    },
    backward: (loss: Tensor) => strategy.backward(loss),
    optimizerStep: (opt: Optimizer) => strategy.optimizerStep(opt),
    trainer: p.trainer,
    globalRank: strategy.rank,
    localRank: rankInfo(strategy).localRank,
  };
}
