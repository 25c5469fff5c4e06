import type { AnyLightningModule } from './callback.js';
import { Callback } from './callback.js';
import type { TrainerView } from './trainer-view.js';

/** A valid `accumulateGradBatches` (a positive integer), or a RangeError naming it. */
export function checkAccumulation(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`accumulateGradBatches must be a positive integer, got ${n}`);
  return n;
}

/**
 * Lightning's `GradientAccumulationScheduler`: `new GradientAccumulationScheduler({ 0: 8, 4: 4,
 * 8: 1 })` accumulates 8 batches per step from epoch 0, 4 from epoch 4, none from epoch 8.
 * Epochs before the first key accumulate 1. Leave the trainer's `accumulateGradBatches` at 1.
 */
export class GradientAccumulationScheduler extends Callback {
  private readonly schedule: [number, number][];
  private applied = false;

  constructor(scheduling: Readonly<Record<number, number>>) {
    super();
    const entries = Object.entries(scheduling).map(([e, f]) => [Number(e), f] as [number, number]);
    if (entries.length === 0) throw new TypeError('GradientAccumulationScheduler: scheduling is empty');
    for (const [epoch, factor] of entries) {
      if (!Number.isInteger(epoch) || epoch < 0) throw new RangeError(`GradientAccumulationScheduler: epoch keys must be non-negative integers, got '${epoch}'`);
      if (!Number.isInteger(factor) || factor < 1) throw new RangeError(`GradientAccumulationScheduler: the factor for epoch ${epoch} must be a positive integer, got ${factor}`);
    }
    this.schedule = entries.sort((a, b) => a[0] - b[0]);
  }

  /** The factor for `epoch`. */
  factorAt(epoch: number): number {
    let f = 1;
    for (const [e, factor] of this.schedule) if (e <= epoch) f = factor;
    return f;
  }

  override onTrainStart(view: TrainerView, module: AnyLightningModule): void {
    if (!module.automaticOptimization) throw new TypeError('GradientAccumulationScheduler: needs automatic optimization (accumulate yourself in a manual trainingStep)');
    if (!this.applied && view.accumulateGradBatches !== 1) throw new TypeError(`GradientAccumulationScheduler: set the trainer's accumulateGradBatches to 1 (got ${view.accumulateGradBatches}); the schedule decides`);
  }

  override onTrainEpochStart(view: TrainerView): void {
    view.accumulateGradBatches = this.factorAt(view.currentEpoch);
    this.applied = true;
  }
}
