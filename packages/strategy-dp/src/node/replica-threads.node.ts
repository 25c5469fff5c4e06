// Selected by the `#replica-threads` import under Node: the 'dp' strategy's replica threads.
import type { Tensor } from '@flint/core';
import type { ThreadedForwardFactory } from '../strategy/replica-threads.js';
import { ThreadedDataParallel } from './threaded-data-parallel.js';

export const createThreadedForward: ThreadedForwardFactory = (module, apply, opts) => {
  const dp = ThreadedDataParallel.create(module as never, opts, (inputs: Tensor[]) => apply(inputs) as Tensor);
  return {
    forward: (inputs) => dp.call(...(inputs as [Tensor])),
    finishBackward: () => dp.finishBackward(),
    close: () => dp.close(),
  };
};
