import { Tensor, type Module } from '@flint/core';
import { assertOnSourceDevice, resolveParallelConfig, type DataParallelOptions } from './options/resolve-options.js';
import { parallelForward } from './parallel/parallel-forward.js';

/**
 * `torch.nn.parallel.data_parallel`: one DataParallel forward of `module` on `inputs` (its
 * argument list, or a single tensor) without keeping a wrapper. Same options and defaults as
 * `new DataParallel`.
 */
export function dataParallel<In extends unknown[], Out>(module: Module<In, Out>, inputs: In | Tensor, opts: DataParallelOptions = {}): Out {
  const args = (inputs instanceof Tensor ? [inputs] : inputs) as In;
  const cfg = resolveParallelConfig(module, opts);
  assertOnSourceDevice(module, cfg);
  return parallelForward(module, args, cfg, (a: In) => module.call(...a));
}
