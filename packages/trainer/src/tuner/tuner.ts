import { resolve } from '../di/token.js';
import { FILE_SYSTEM } from '../di/tokens.js';
import { createContainer } from '../di/container.js';
import { LambdaCallback } from '../callbacks/lambda-callback.js';
import type { LightningModule } from '../module/lightning-module.js';
import type { BatchSource, LightningDataModule } from '../module/lightning-data-module.js';
import { Trainer } from '../trainer/trainer.js';
import type { TrainerOptions } from '../trainer/trainer-options.js';
import { sourceLength } from '../loops/batch-source.js';
import { isOutOfMemory, searchBatchSize, type ScaleBatchSizeOptions } from './batch-size-search.js';
import { LrFinderCallback, LrFindResult, type LrFindOptions } from './lr-finder.js';
import { TrainingSnapshot } from './training-snapshot.js';

type AnyModule = LightningModule<never, never[], unknown>;

/**
 * Lightning's `Tuner`: the learning-rate range test and batch-size scaling. Each runs short
 * fits on throwaway trainers made from `options` (no loggers, checkpoints or progress bar) and
 * puts the module's weights, the optimizers' state and the RNG back afterwards.
 */
export class Tuner {
  constructor(private readonly options: TrainerOptions = {}) {}

  private trainer(extra: TrainerOptions): Trainer {
    return new Trainer({ ...this.options, logger: false, enableCheckpointing: false, enableProgressBar: false, enableModelSummary: false, numSanityValSteps: 0, ...extra });
  }

  /**
   * The exponential learning-rate range test: `numTraining` steps from `minLr` to `maxLr`,
   * the smoothed loss of each, stopped early when it diverges. With `csvPath`, the curve is
   * written there as `lr,loss`. Apply `result.suggestion()` yourself (the module's optimizer
   * is made by `configureOptimizers`).
   */
  async lrFind<B, In extends unknown[], Out>(model: LightningModule<B, In, Out>, train: BatchSource | LightningDataModule, opts: LrFindOptions & { csvPath?: string } = {}): Promise<LrFindResult> {
    const cfg: Required<LrFindOptions> = {
      minLr: opts.minLr ?? 1e-8,
      maxLr: opts.maxLr ?? 1,
      numTraining: opts.numTraining ?? 100,
      earlyStopThreshold: opts.earlyStopThreshold === undefined ? 4 : opts.earlyStopThreshold,
      beta: opts.beta ?? 0.98,
    };
    if (!(cfg.minLr > 0 && cfg.maxLr > cfg.minLr)) throw new RangeError(`lrFind: needs 0 < minLr < maxLr, got minLr ${cfg.minLr} and maxLr ${cfg.maxLr}`);
    if (!Number.isInteger(cfg.numTraining) || cfg.numTraining < 2) throw new RangeError(`lrFind: numTraining must be an integer >= 2, got ${cfg.numTraining}`);
    if (!(cfg.beta >= 0 && cfg.beta < 1)) throw new RangeError(`lrFind: beta must lie in [0, 1), got ${cfg.beta}`);
    const finder = new LrFinderCallback(cfg);
    await this.restoring(model as unknown as AnyModule, (capture) => this.trainer({ maxSteps: cfg.numTraining, callbacks: [capture, finder] }).fit(model, train));
    const result = new LrFindResult(finder.lrs, finder.losses);
    if (opts.csvPath) await resolve(createContainer(this.options), FILE_SYSTEM).writeFile(opts.csvPath, result.toCsv());
    return result;
  }

  /**
   * The largest batch size that trains `stepsPerTrial` steps without running out of device
   * memory (WebGPU's `GpuMemoryError`), by doubling ('power') and then bisecting ('binsearch').
   * `loaderFor(size)` makes the training loader of a size; the search stops at the size that
   * puts the whole dataset in one batch.
   */
  async scaleBatchSize<B, In extends unknown[], Out>(model: LightningModule<B, In, Out>, loaderFor: (batchSize: number) => BatchSource, opts: ScaleBatchSizeOptions = {}): Promise<number> {
    const steps = opts.stepsPerTrial ?? 3;
    if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`scaleBatchSize: stepsPerTrial must be a positive integer, got ${steps}`);
    let limit = Infinity;
    const fits = (size: number): Promise<boolean> =>
      this.restoring(model as unknown as AnyModule, async (capture) => {
        const loader = loaderFor(size);
        if (sourceLength(loader) <= 1) limit = size;
        try {
          await this.trainer({ maxSteps: steps, callbacks: [capture] }).fit(model, loader);
          return true;
        } catch (e) {
          if (isOutOfMemory(e)) return false;
          throw e;
        }
      });
    return searchBatchSize(fits, opts, () => limit);
  }

  /** Runs `body` and then restores the module, the optimizers `capture` saw, and the RNG. */
  private async restoring<T>(model: AnyModule, body: (capture: LambdaCallback) => Promise<T>): Promise<T> {
    const snap = new TrainingSnapshot(model);
    const capture = new LambdaCallback({ onTrainStart: (view) => snap.captureOptimizers(view.optimizers) });
    try {
      return await body(capture);
    } finally {
      snap.restore();
      snap.dispose();
    }
  }
}
