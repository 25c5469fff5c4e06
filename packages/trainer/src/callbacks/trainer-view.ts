import type { Optimizer } from '@flint/core';
import type { Metrics } from '../events/trainer-event.js';
import type { FileSystem } from '../io/file-system.js';
import type { EventBus } from '../events/event-bus.js';

/**
 * The narrow view of a run that callbacks get (never the whole Trainer): loop position,
 * metrics, where files go, and the few actions a control callback may take.
 */
export interface TrainerView {
  readonly currentEpoch: number;
  readonly globalStep: number;
  /** Batches finished in the current training epoch. */
  readonly batchIdx: number;
  readonly maxEpochs: number;
  readonly maxSteps: number;
  readonly minEpochs: number;
  readonly trainBatches: number;
  /** Last value of every logged metric (step and epoch forms). */
  readonly callbackMetrics: Metrics;
  readonly sanityChecking: boolean;
  readonly isGlobalZero: boolean;
  readonly defaultRootDir: string;
  /** The run's versioned directory (`lightning_logs/version_N`). */
  readonly logDir: string;
  readonly fs: FileSystem;
  readonly events: EventBus;
  readonly optimizers: readonly Optimizer[];
  readonly shouldStop: boolean;
  /** Batches whose gradients add up before each optimizer step; a callback may change it between batches. */
  accumulateGradBatches: number;
  /** Asks fit to stop after the current step or epoch (honoured once `minEpochs` have run). */
  requestStop(reason: string): void;
  /** Writes a checkpoint directory at `path` atomically. */
  saveCheckpoint(path: string): Promise<void>;
  /** Agrees on a value across ranks (rank 0's wins). */
  broadcast<T>(value: T): Promise<T>;
}
