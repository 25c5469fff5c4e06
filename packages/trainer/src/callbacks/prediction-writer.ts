import type { BatchOutputs } from './callback.js';
import { Callback } from './callback.js';
import type { TrainerView } from './trainer-view.js';
import type { LightningModule } from '../module/lightning-module.js';

type M = LightningModule<never, never[], unknown>;

/** When a prediction writer writes: after each batch, once at the end, or both. */
export type WriteInterval = 'batch' | 'epoch' | 'batch_and_epoch';

/**
 * Lightning's `BasePredictionWriter`: writes predictions as `predict` produces them, so a long
 * predict with `returnPredictions: false` keeps memory flat (each prediction is freed after
 * `writeOnBatchEnd`). With an 'epoch' interval, `writeOnEpochEnd` gets every prediction of
 * the run; the Trainer then keeps them alive, and they belong to the writer (free them, or
 * let them go when done).
 */
export abstract class BasePredictionWriter extends Callback {
  #collected: unknown[] = [];

  constructor(readonly writeInterval: WriteInterval = 'batch') {
    super();
  }

  /** Whether the Trainer must keep each prediction alive until `writeOnEpochEnd`. */
  get collectsPredictions(): boolean {
    return this.writeInterval !== 'batch';
  }

  /** Writes one batch's prediction (batch intervals). */
  writeOnBatchEnd?(trainer: TrainerView, module: M, prediction: unknown, batch: unknown, batchIdx: number, dataloaderIdx: number): void | Promise<void>;
  /** Writes every prediction of the run, in order (epoch intervals). */
  writeOnEpochEnd?(trainer: TrainerView, module: M, predictions: unknown[]): void | Promise<void>;

  override async onPredictBatchEnd(trainer: TrainerView, module: M, outputs: BatchOutputs, batch: unknown, batchIdx: number, dataloaderIdx = 0): Promise<void> {
    if (this.writeInterval !== 'epoch') await this.writeOnBatchEnd?.(trainer, module, outputs, batch, batchIdx, dataloaderIdx);
    if (this.collectsPredictions) this.#collected.push(outputs);
  }

  override async onPredictEpochEnd(trainer: TrainerView, module: M): Promise<void> {
    if (!this.collectsPredictions) return;
    const all = this.#collected;
    this.#collected = [];
    await this.writeOnEpochEnd?.(trainer, module, all);
  }
}
