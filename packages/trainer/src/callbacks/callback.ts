import type { Optimizer, Tensor } from '@flint/core';
import type { LightningModule } from '../module/lightning-module.js';
import type { RunningStage } from '../module/running-stage.js';
import type { TrainerView } from './trainer-view.js';

type M = LightningModule<never, never[], unknown>;
type Awaitable = void | Promise<void>;

/**
 * What the trainer passes to `on*BatchEnd`: the step's loss, read after the step, and the other
 * entries of a `{ loss, ...extras }` training step output (tensors detached; freed after the
 * hook, so clone one to keep it).
 */
export interface BatchOutputs {
  readonly loss: number | undefined;
  readonly [extra: string]: unknown;
}

/**
 * A control callback (Lightning's `Callback`): gets the Lightning hooks through the ordered,
 * awaited `CallbackRunner`. Hooks inside the optimizer step (`onBeforeZeroGrad`,
 * `onBeforeBackward`, `onAfterBackward`, `onBeforeOptimizerStep`) must be synchronous.
 * Callbacks that only watch the run should subscribe to `trainer.events$` instead.
 */
export abstract class Callback {
  /** Callbacks run in ascending `order`, then in the order given (default 0). */
  readonly order: number = 0;

  /** Shown in errors; also the key of this callback's state in a checkpoint. */
  get name(): string {
    return this.constructor.name;
  }

  get stateKey(): string {
    return this.name;
  }

  setup?(trainer: TrainerView, module: M, stage: RunningStage): Awaitable;
  teardown?(trainer: TrainerView, module: M, stage: RunningStage): Awaitable;
  onFitStart?(trainer: TrainerView, module: M): Awaitable;
  onFitEnd?(trainer: TrainerView, module: M): Awaitable;
  onSanityCheckStart?(trainer: TrainerView, module: M): Awaitable;
  onSanityCheckEnd?(trainer: TrainerView, module: M): Awaitable;
  onTrainStart?(trainer: TrainerView, module: M): Awaitable;
  onTrainEnd?(trainer: TrainerView, module: M): Awaitable;
  onTrainEpochStart?(trainer: TrainerView, module: M): Awaitable;
  onTrainEpochEnd?(trainer: TrainerView, module: M): Awaitable;
  onTrainBatchStart?(trainer: TrainerView, module: M, batch: unknown, batchIdx: number): Awaitable;
  onTrainBatchEnd?(trainer: TrainerView, module: M, outputs: BatchOutputs, batch: unknown, batchIdx: number): Awaitable;
  onValidationStart?(trainer: TrainerView, module: M): Awaitable;
  onValidationEnd?(trainer: TrainerView, module: M): Awaitable;
  onValidationEpochStart?(trainer: TrainerView, module: M): Awaitable;
  onValidationEpochEnd?(trainer: TrainerView, module: M): Awaitable;
  onValidationBatchStart?(trainer: TrainerView, module: M, batch: unknown, batchIdx: number, dataloaderIdx?: number): Awaitable;
  onValidationBatchEnd?(trainer: TrainerView, module: M, outputs: BatchOutputs, batch: unknown, batchIdx: number, dataloaderIdx?: number): Awaitable;
  onTestStart?(trainer: TrainerView, module: M): Awaitable;
  onTestEnd?(trainer: TrainerView, module: M): Awaitable;
  onTestEpochStart?(trainer: TrainerView, module: M): Awaitable;
  onTestEpochEnd?(trainer: TrainerView, module: M): Awaitable;
  onTestBatchStart?(trainer: TrainerView, module: M, batch: unknown, batchIdx: number, dataloaderIdx?: number): Awaitable;
  onTestBatchEnd?(trainer: TrainerView, module: M, outputs: BatchOutputs, batch: unknown, batchIdx: number, dataloaderIdx?: number): Awaitable;
  onPredictStart?(trainer: TrainerView, module: M): Awaitable;
  onPredictEnd?(trainer: TrainerView, module: M): Awaitable;
  onPredictEpochStart?(trainer: TrainerView, module: M): Awaitable;
  onPredictEpochEnd?(trainer: TrainerView, module: M): Awaitable;
  onPredictBatchStart?(trainer: TrainerView, module: M, batch: unknown, batchIdx: number, dataloaderIdx?: number): Awaitable;
  onPredictBatchEnd?(trainer: TrainerView, module: M, outputs: BatchOutputs, batch: unknown, batchIdx: number, dataloaderIdx?: number): Awaitable;
  onBeforeZeroGrad?(trainer: TrainerView, module: M, optimizer: Optimizer): void;
  onBeforeBackward?(trainer: TrainerView, module: M, loss: Tensor): void;
  onAfterBackward?(trainer: TrainerView, module: M): void;
  onBeforeOptimizerStep?(trainer: TrainerView, module: M, optimizer: Optimizer): void;
  onSaveCheckpoint?(trainer: TrainerView, module: M, checkpoint: Record<string, unknown>): Awaitable;
  onLoadCheckpoint?(trainer: TrainerView, module: M, checkpoint: Readonly<Record<string, unknown>>): Awaitable;
  /** Runs once when fit fails, before loggers finalize. */
  onException?(trainer: TrainerView, module: M, error: unknown): Awaitable;
  /** JSON state saved in checkpoints under `stateKey`. */
  stateDict?(): Record<string, unknown>;
  loadStateDict?(state: Readonly<Record<string, unknown>>): void;
}

/** Builds a callback from options (the callback registry holds these, for the CLI). */
export type CallbackFactory = (opts: Record<string, unknown>) => Callback;

/** The module type hooks receive, for callbacks that need nothing model specific. */
export type AnyLightningModule = M;
