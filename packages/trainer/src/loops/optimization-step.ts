import { keep, tidy, type Optimizer, type Tensor } from '@flint/core';
import type { LightningModule, StepOutput, GradientClipAlgorithm } from '../module/lightning-module.js';
import type { HookCaller } from './hook-caller.js';

/** The step's inputs: which batch, and whether it opens/closes an accumulation window. */
export interface StepPosition {
  readonly epoch: number;
  readonly batchIdx: number;
  /** First batch of an accumulation window: gradients are zeroed before its backward. */
  readonly zeroGrad: boolean;
  /** Last batch of a window: the optimizer steps after its backward. */
  readonly step: boolean;
  readonly accumulate: number;
}

export interface ClipConfig {
  readonly gradientClipVal: number | undefined;
  readonly gradientClipAlgorithm: GradientClipAlgorithm | undefined;
}

/** The loss a step output carries, or undefined when the step skipped the batch. */
export function lossOf(out: StepOutput): Tensor | undefined {
  if (out === undefined || out === null) return undefined;
  if ('loss' in out && !('shape' in out)) return out.loss;
  return out as Tensor;
}

/**
 * One training step of automatic optimization inside one `tidy`, hooks in Lightning's order:
 * trainingStep, onBeforeZeroGrad, optimizerZeroGrad, onBeforeBackward, backward,
 * onAfterBackward, onBeforeOptimizerStep, configureGradientClipping, optimizerStep.
 * Returns the detached loss (the caller reads and disposes it), undefined if skipped.
 */
export function automaticStep<B>(module: LightningModule<B, never[], unknown>, hooks: HookCaller, opt: Optimizer, batch: B, pos: StepPosition, clip: ClipConfig): Tensor | undefined {
  return tidy(() => {
    const loss = lossOf(module.trainingStep(batch, pos.batchIdx));
    if (loss === undefined) return undefined;
    if (loss.size !== 1) throw new TypeError(`trainingStep must return a scalar loss, got shape [${loss.shape.join(',')}]`);
    if (pos.zeroGrad) {
      hooks.callSync('onBeforeZeroGrad', (c, v, m) => c.onBeforeZeroGrad?.(v, m, opt), () => module.onBeforeZeroGrad(opt));
      module.optimizerZeroGrad(pos.epoch, pos.batchIdx, opt);
    }
    const scaled = pos.accumulate > 1 ? loss.div(pos.accumulate) : loss;
    hooks.callSync('onBeforeBackward', (c, v, m) => c.onBeforeBackward?.(v, m, scaled), () => module.onBeforeBackward(scaled));
    module.backward(scaled);
    hooks.callSync('onAfterBackward', (c, v, m) => c.onAfterBackward?.(v, m), () => module.onAfterBackward());
    if (pos.step) {
      hooks.callSync('onBeforeOptimizerStep', (c, v, m) => c.onBeforeOptimizerStep?.(v, m, opt), () => module.onBeforeOptimizerStep(opt));
      module.configureGradientClipping(opt, clip.gradientClipVal, clip.gradientClipAlgorithm);
      module.optimizerStep(pos.epoch, pos.batchIdx, opt);
    }
    return keep(loss.detach());
  });
}

/** Manual optimization: `trainingStep` does zeroGrad/manualBackward/step itself. */
export function manualStep<B>(module: LightningModule<B, never[], unknown>, batch: B, batchIdx: number): Tensor | undefined {
  return tidy(() => {
    const loss = lossOf(module.trainingStep(batch, batchIdx));
    return loss === undefined ? undefined : keep(loss.detach());
  });
}
