/* eslint-disable @typescript-eslint/no-empty-function, @typescript-eslint/no-unused-vars -- hooks are no-op defaults subclasses override */
import { clipGradNorm, clamp, Module, noGrad, type LRScheduler, type ModuleTree, type Optimizer, type Tensor } from '@flint/core';
import type { LogOptions } from './log-options.js';
import type { LoggableMetric } from './loggable-metric.js';
import type { OptimizerConfig } from './optimizer-config.js';
import { moveBatch } from './batch-transfer.js';
import type { RunningStage } from './running-stage.js';
import type { BatchOutputs, Callback } from '../callbacks/callback.js';
import type { BatchSource } from './lightning-data-module.js';
import type { Trainer } from '../trainer/trainer.js';
import { rankZeroRank } from '../trainer/rank-zero.js';
import { loadFromCheckpoint, type LoadFromCheckpointOptions, type ModuleFromHparams } from '../checkpoint/load-from-checkpoint.js';

/** What `trainingStep` returns: the loss, `{ loss, ...extras }`, or nothing to skip the batch. */
export type StepOutput = Tensor | { readonly loss: Tensor; readonly [k: string]: unknown } | void | null | undefined;

/** The trainer's side of a module: where `log` goes and what `optimizers()` returns. */
export interface TrainerLink {
  log(name: string, value: number | Tensor | LoggableMetric, opts: LogOptions): void;
  readonly optimizers: readonly Optimizer[];
  readonly schedulers: readonly LRScheduler[];
  readonly device: string;
  readonly currentEpoch: number;
  readonly globalStep: number;
  backward(loss: Tensor): void;
  /** Steps `optimizer` through the strategy (DDP waits for its gradient all-reduce first). */
  optimizerStep(optimizer: Optimizer): void | Promise<void>;
  /** The Trainer running the module (Lightning's `self.trainer`). */
  readonly trainer: Trainer;
  readonly globalRank: number;
  readonly localRank: number;
}

/** How gradients are clipped: by total norm or by value. */
export type GradientClipAlgorithm = 'norm' | 'value';

/**
 * Lightning's `LightningModule` on top of core's `Module`: the steps, `configureOptimizers`,
 * `log`, hyper-parameters, manual optimization, and every hook with Lightning 2.x names. The
 * trainer calls the hooks in Lightning's order (see README); all of them are synchronous,
 * because a training step runs inside core's `tidy`.
 */
export abstract class LightningModule<B = unknown, In extends unknown[] = [Tensor], Out = Tensor> extends Module<In, Out> {
  /** Set to false to call `manualBackward` and `optimizer.step()` yourself in `trainingStep`. */
  automaticOptimization = true;
  #hparams: Record<string, unknown> = {};
  #link: TrainerLink | null = null;

  /**
   * Rebuilds a module from a checkpoint directory (Lightning's `load_from_checkpoint`):
   * `new this({ ...savedHyperparameters, ...overrides })`, weights loaded on `mapLocation`
   * (default 'cpu'), eval mode. The constructor takes one options object, as the CLI's do.
   */
  static loadFromCheckpoint<T extends ModuleTree>(this: ModuleFromHparams<T>, path: string, opts: LoadFromCheckpointOptions = {}): Promise<T> {
    return loadFromCheckpoint(this, path, opts);
  }

  /** The hyper-parameters saved with `saveHyperparameters` (stored in checkpoints and logs). */
  get hparams(): Readonly<Record<string, unknown>> {
    return this.#hparams;
  }

  /** Records hyper-parameters: they go to `hparams.yaml`, checkpoints and `events$`. */
  saveHyperparameters(hparams: Record<string, unknown>): void {
    this.#hparams = { ...this.#hparams, ...JSON.parse(JSON.stringify(hparams)) };
  }

  /** @internal The trainer attaches itself for the length of a run. */
  attachTrainer(link: TrainerLink | null): void {
    this.#link = link;
  }

  private get link(): TrainerLink {
    if (!this.#link) throw new Error(`${this.constructor.name}: this needs a Trainer (call it from a step or hook during fit/validate/test)`);
    return this.#link;
  }

  /**
   * Logs a scalar (a number or a 0-d tensor) for loggers, callbacks and the progress bar, or a
   * metric object (`@flint/metrics`), which the trainer syncs over ranks, computes and resets at
   * the end of the epoch.
   */
  log(name: string, value: number | Tensor | LoggableMetric, opts: LogOptions = {}): void {
    this.link.log(name, value, opts);
  }

  /** Logs several scalars with the same options. */
  logDict(values: Readonly<Record<string, number | Tensor>>, opts: LogOptions = {}): void {
    for (const [k, v] of Object.entries(values)) this.log(k, v, opts);
  }

  /** The optimizers `configureOptimizers` returned (for manual optimization). */
  optimizers(): readonly Optimizer[] {
    return this.link.optimizers;
  }

  lrSchedulers(): readonly LRScheduler[] {
    return this.link.schedulers;
  }

  /** `loss.backward()` through the strategy (manual optimization). */
  manualBackward(loss: Tensor): void {
    this.link.backward(loss);
  }

  get device(): string {
    return this.#link?.device ?? 'cpu';
  }

  /** The Trainer running this module (Lightning's `self.trainer`); an error outside a run. */
  get trainer(): Trainer {
    if (!this.#link) throw new Error(`${this.constructor.name} is not attached to a Trainer (this.trainer exists during fit/validate/test/predict)`);
    return this.#link.trainer;
  }

  /** This process's rank among all ranks (0 outside a run, unless a launcher set RANK). */
  get globalRank(): number {
    return this.#link?.globalRank ?? rankZeroRank();
  }

  /** This process's rank on its machine. */
  get localRank(): number {
    return this.#link?.localRank ?? 0;
  }

  /** `console.log` on global rank 0 only, so a DDP run prints a line once (Lightning's `self.print`). */
  print(...values: unknown[]): void {
    if (this.globalRank === 0) console.log(...values);
  }

  get currentEpoch(): number {
    return this.#link?.currentEpoch ?? 0;
  }

  get globalStep(): number {
    return this.#link?.globalStep ?? 0;
  }

  trainingStep(_batch: B, _batchIdx: number): StepOutput {
    throw new Error(`${this.constructor.name}: fit needs trainingStep(batch, batchIdx)`);
  }
  /** `dataloaderIdx`: which of several validation loaders the batch comes from (0 with one). */
  validationStep?(batch: B, batchIdx: number, dataloaderIdx?: number): StepOutput;
  testStep?(batch: B, batchIdx: number, dataloaderIdx?: number): StepOutput;
  predictStep?(batch: B, batchIdx: number, dataloaderIdx?: number): unknown;

  /**
   * The loaders of each stage, when the module ships its data (Lightning's
   * `train_dataloader()` ...). The Trainer asks, in this order: a loader passed to the entry
   * point, a LightningDataModule's hook, then these. Called inside each rank, after `setup`.
   */
  trainDataloader?(): BatchSource<B>;
  valDataloader?(): BatchSource<B>;
  testDataloader?(): BatchSource<B>;
  predictDataloader?(): BatchSource<B>;

  configureOptimizers(): OptimizerConfig {
    throw new Error(`${this.constructor.name}: fit needs configureOptimizers()`);
  }

  /**
   * Callbacks this module needs, whatever Trainer runs it (Lightning's `configure_callbacks`):
   * they join the Trainer's, replacing a Trainer callback of the same class.
   */
  configureCallbacks(): readonly Callback[] {
    return [];
  }

  // Hooks, in Lightning's names. Defaults do what Lightning's do.
  /**
   * Downloads or writes data once per machine (the local rank 0 of each node), before `setup`;
   * may be async. Lightning's `prepare_data`.
   */
  prepareData(): void | Promise<void> {}
  /** Runs on every rank before the stage (build what the loaders need); may be async. */
  setup(_stage: RunningStage): void | Promise<void> {}
  teardown(_stage: RunningStage): void {}
  configureModel(): void {}
  onFitStart(): void {}
  onFitEnd(): void {}
  onTrainStart(): void {}
  onTrainEnd(): void {}
  onTrainEpochStart(): void {}
  onTrainEpochEnd(): void {}
  onTrainBatchStart(_batch: B, _batchIdx: number): void {}
  onTrainBatchEnd(_outputs: BatchOutputs, _batch: B, _batchIdx: number): void {}
  onValidationStart(): void {}
  onValidationEnd(): void {}
  onValidationEpochStart(): void {}
  onValidationEpochEnd(): void {}
  onValidationBatchStart(_batch: B, _batchIdx: number, _dataloaderIdx = 0): void {}
  onValidationBatchEnd(_outputs: BatchOutputs, _batch: B, _batchIdx: number, _dataloaderIdx = 0): void {}
  onTestStart(): void {}
  onTestEnd(): void {}
  onTestEpochStart(): void {}
  onTestEpochEnd(): void {}
  onTestBatchStart(_batch: B, _batchIdx: number, _dataloaderIdx = 0): void {}
  onTestBatchEnd(_outputs: BatchOutputs, _batch: B, _batchIdx: number, _dataloaderIdx = 0): void {}
  onPredictStart(): void {}
  onPredictEnd(): void {}
  onPredictEpochStart(): void {}
  onPredictEpochEnd(): void {}
  onPredictBatchStart(_batch: B, _batchIdx: number, _dataloaderIdx = 0): void {}
  onPredictBatchEnd(_outputs: BatchOutputs, _batch: B, _batchIdx: number, _dataloaderIdx = 0): void {}
  onBeforeBatchTransfer(batch: B, _dataloaderIdx: number): B {
    return batch;
  }
  transferBatchToDevice(batch: B, device: string, _dataloaderIdx: number): B {
    return moveBatch(batch, device);
  }
  onAfterBatchTransfer(batch: B, _dataloaderIdx: number): B {
    return batch;
  }
  onBeforeZeroGrad(_optimizer: Optimizer): void {}
  optimizerZeroGrad(_epoch: number, _batchIdx: number, optimizer: Optimizer): void {
    optimizer.zeroGrad();
  }
  onBeforeBackward(_loss: Tensor): void {}
  backward(loss: Tensor): void {
    this.link.backward(loss);
  }
  onAfterBackward(): void {}
  onBeforeOptimizerStep(_optimizer: Optimizer): void {}
  configureGradientClipping(optimizer: Optimizer, clipVal: number | undefined, algorithm: GradientClipAlgorithm | undefined): void {
    this.clipGradients(optimizer, clipVal, algorithm);
  }
  /** Clips the gradients of `optimizer`'s parameters (by norm unless `algorithm` is 'value'). */
  clipGradients(optimizer: Optimizer, clipVal: number | undefined, algorithm: GradientClipAlgorithm = 'norm'): void {
    if (clipVal === undefined || clipVal <= 0) return;
    const params = optimizer.paramGroups.flatMap((g) => g.params);
    if (algorithm === 'norm') {
      clipGradNorm(params, clipVal).dispose();
      return;
    }
    noGrad(() => {
      for (const p of params) if (p.grad) p.grad.copy_(clamp(p.grad, -clipVal, clipVal));
    });
  }
  /**
   * Steps the optimizer (through the strategy). Override to step differently; return the
   * promise of anything asynchronous, the trainer awaits it. Gradients are already synchronised
   * across ranks when this runs, so calling `optimizer.step()` directly is also correct.
   */
  optimizerStep(_epoch: number, _batchIdx: number, optimizer: Optimizer): void | Promise<void> {
    return this.link.optimizerStep(optimizer);
  }
  /** Add your own entries to a checkpoint's `state.json` (JSON values). */
  onSaveCheckpoint(_checkpoint: Record<string, unknown>): void {}
  onLoadCheckpoint(_checkpoint: Readonly<Record<string, unknown>>): void {}
}
