import type { GeneratorState } from '@flint/core';

/** Where a resumed fit picks up: replay the epoch's shuffle, skip finished batches, restore RNG. */
export interface ResumePoint {
  readonly batchIdx: number;
  readonly loaderRng: GeneratorState | null;
  readonly rng: GeneratorState;
  /** The state.json it came from, named when the position does not fit the data. */
  readonly source?: string;
}

/** The loops' shared, mutable position (what a checkpoint records). */
export class LoopState {
  epoch = 0;
  globalStep = 0;
  /** Training batches finished in the current epoch. */
  batchIdx = 0;
  /** The train loader's generator at the start of the current epoch. */
  loaderRng: GeneratorState | null = null;
  shouldStop = false;
  stopReason: string | undefined;
  /** The stop cannot wait (SIGTERM): mid-epoch, minEpochs or not. */
  stopNow = false;
  sanityChecking = false;
  trainBatches = 0;
  /** Set by a callback (GradientAccumulationScheduler): overrides `accumulateGradBatches` from the next batch. */
  accumulateGradBatches: number | null = null;
  resume: ResumePoint | null = null;

  requestStop(reason: string, now = false): void {
    this.shouldStop = true;
    this.stopReason ??= reason;
    this.stopNow ||= now;
  }
}
