import type { GeneratorState, SchedulerStateDict } from '@flint/core';

/** Where the fit loop was when a checkpoint was taken. */
export interface LoopPosition {
  readonly epoch: number;
  readonly globalStep: number;
  /** Training batches finished in `epoch` (0 at an epoch boundary). */
  readonly batchIdx: number;
  /** The train loader's generator at the start of `epoch`: replays its shuffle on resume. */
  readonly loaderRng: GeneratorState | null;
}

/** The JSON part of an optimizer's state dict (its tensors are in optimizer.safetensors). */
export interface OptimizerJson {
  readonly param_groups: Array<Record<string, unknown> & { params: number[] }>;
  /** Number entries of each parameter's state (`step`), by parameter id. */
  readonly scalars: Record<string, Record<string, number>>;
}

/** Everything in `state.json`. */
export interface CheckpointState extends LoopPosition {
  readonly format: 'flint-checkpoint';
  readonly formatVersion: 1;
  readonly flintVersion: string;
  /** The global generator (dropout, shuffles drawn from it) when the checkpoint was taken. */
  readonly rng: GeneratorState;
  readonly optimizers: OptimizerJson[];
  readonly schedulers: SchedulerStateDict[];
  readonly callbacks: Record<string, Record<string, unknown>>;
  readonly hparams: Record<string, unknown>;
  readonly datamodule: Record<string, unknown>;
  /** Entries added by `LightningModule.onSaveCheckpoint`. */
  readonly extra: Record<string, unknown>;
}

export const MODEL_FILE = 'model.safetensors';
export const OPTIMIZER_FILE = 'optimizer.safetensors';
export const STATE_FILE = 'state.json';
