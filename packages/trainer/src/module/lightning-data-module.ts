/* eslint-disable @typescript-eslint/no-empty-function, @typescript-eslint/no-unused-vars -- hooks are no-op defaults subclasses override */
import type { RunningStage } from './running-stage.js';

/** Something the trainer iterates for batches (a core `DataLoader`, an array, a generator). */
export type BatchSource<B = unknown> = AsyncIterable<B> | Iterable<B>;

/**
 * Lightning's `LightningDataModule`: data preparation and the loaders of each stage, so a
 * model file can ship its data. `prepareData` runs once; `setup(stage)` before each stage.
 */
export abstract class LightningDataModule<B = unknown> {
  #hparams: Record<string, unknown> = {};

  get hparams(): Readonly<Record<string, unknown>> {
    return this.#hparams;
  }

  saveHyperparameters(hparams: Record<string, unknown>): void {
    this.#hparams = { ...this.#hparams, ...JSON.parse(JSON.stringify(hparams)) };
  }

  prepareData(): void | Promise<void> {}
  setup(_stage: RunningStage): void | Promise<void> {}
  teardown(_stage: RunningStage): void | Promise<void> {}
  trainDataloader?(): BatchSource<B>;
  valDataloader?(): BatchSource<B>;
  testDataloader?(): BatchSource<B>;
  predictDataloader?(): BatchSource<B>;
  stateDict(): Record<string, unknown> {
    return {};
  }
  loadStateDict(_state: Readonly<Record<string, unknown>>): void {}
}
