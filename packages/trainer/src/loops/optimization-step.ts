import { keep, tidy, type Optimizer, type Strategy, type Tensor } from '@flint/core';
import type { LightningModule, StepOutput, GradientClipAlgorithm } from '../module/lightning-module.js';
import type { HookCaller } from './hook-caller.js';
import { captureExtras, type ExtrasSink } from './step-extras.js';

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

/** The strategy's part in a step: waiting for gradient synchronisation (DDP's all-reduce), or skipping it. */
export type StepSync = Pick<Strategy, 'synchronize' | 'blockBackwardSync'>;

/**
 * One training step of automatic optimization, hooks in Lightning's order: trainingStep,
 * onBeforeZeroGrad, optimizerZeroGrad, onBeforeBackward, backward, onAfterBackward,
 * onBeforeOptimizerStep, configureGradientClipping, optimizerStep. The forward and backward
 * run in one `tidy`; then the strategy's gradient sync is awaited (so onAfterBackward and
 * clipping see the averaged gradients, as with PyTorch's DDP), the post-backward hooks run in
 * a second `tidy`, and the awaited `optimizerStep` steps through the strategy.
 * Returns the detached loss (the caller reads and disposes it), undefined if skipped.
 */
export async function automaticStep<B>(module: LightningModule<B, never[], unknown>, hooks: HookCaller, opt: Optimizer, batch: B, pos: StepPosition, clip: ClipConfig, sync: StepSync, sink?: ExtrasSink): Promise<Tensor | undefined> {
  const forwardBackward = (): Tensor | undefined => tidy(() => {
    const raw = module.trainingStep(batch, pos.batchIdx);
    captureExtras(raw, sink);
    const out = lossOf(raw);
    if (out === undefined) return undefined;
    if (out.size !== 1) throw new TypeError(`trainingStep must return a scalar loss, got shape [${out.shape.join(',')}]`);
    if (pos.zeroGrad) {
      hooks.callSync('onBeforeZeroGrad', (c, v, m) => c.onBeforeZeroGrad?.(v, m, opt), () => module.onBeforeZeroGrad(opt));
      module.optimizerZeroGrad(pos.epoch, pos.batchIdx, opt);
    }
    const scaled = pos.accumulate > 1 ? out.div(pos.accumulate) : out;
    hooks.callSync('onBeforeBackward', (c, v, m) => c.onBeforeBackward?.(v, m, scaled), () => module.onBeforeBackward(scaled));
    module.backward(scaled);
    return keep(out.detach());
  });
  // Inside an accumulation window only the last micro-batch's backward communicates.
  const loss = !pos.step && sync.blockBackwardSync ? sync.blockBackwardSync(forwardBackward) : forwardBackward();
  if (loss === undefined) return undefined;
  try {
    await sync.synchronize?.();
    tidy(() => {
      hooks.callSync('onAfterBackward', (c, v, m) => c.onAfterBackward?.(v, m), () => module.onAfterBackward());
      if (!pos.step) return;
      hooks.callSync('onBeforeOptimizerStep', (c, v, m) => c.onBeforeOptimizerStep?.(v, m, opt), () => module.onBeforeOptimizerStep(opt));
      module.configureGradientClipping(opt, clip.gradientClipVal, clip.gradientClipAlgorithm);
    });
    if (pos.step) await module.optimizerStep(pos.epoch, pos.batchIdx, opt);
  } catch (e) {
    loss.dispose();
    throw e;
  }
  return loss;
}

/** Manual optimization: `trainingStep` does zeroGrad/manualBackward/step itself. */
export function manualStep<B>(module: LightningModule<B, never[], unknown>, batch: B, batchIdx: number, sink?: ExtrasSink): Tensor | undefined {
  return tidy(() => {
    const raw = module.trainingStep(batch, batchIdx);
    captureExtras(raw, sink);
    const loss = lossOf(raw);
    return loss === undefined ? undefined : keep(loss.detach());
  });
}
