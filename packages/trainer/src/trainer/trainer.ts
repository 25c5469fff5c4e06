import { seedEverything, type Optimizer, type Strategy } from '@flint/core';
import type { Observable } from 'rxjs';
import type { DependencyContainer } from 'tsyringe';
import { createContainer } from '../di/container.js';
import { resolve } from '../di/token.js';
import { ACCELERATOR_REGISTRY, CHECKPOINT_IO, EVENT_BUS, FILE_SYSTEM, OBSERVER_ERRORS, PLUGIN_LOADER, REPORTER, STRATEGY_REGISTRY } from '../di/tokens.js';
import type { EventBus } from '../events/event-bus.js';
import type { ObserverErrors } from '../events/observer-errors.js';
import type { Metrics, TrainerEvent } from '../events/trainer-event.js';
import type { FileSystem } from '../io/file-system.js';
import { Callback } from '../callbacks/callback.js';
import { CallbackRunner } from '../callbacks/callback-runner.js';
import { ModelCheckpoint } from '../callbacks/model-checkpoint.js';
import { ModelSummary } from '../callbacks/model-summary.js';
import { attachModelCallbacks } from '../callbacks/model-callbacks.js';
import { BasePredictionWriter } from '../callbacks/prediction-writer.js';
// The package's `imports` map picks cli-progress on Node or plain lines in a browser.
// eslint-disable-next-line @nx/enforce-module-boundaries -- a subpath import, not another project
import { defaultProgressBar } from '#default-progress-bar';
import type { TrainerView } from '../callbacks/trainer-view.js';
import { CSVLogger } from '../loggers/csv-logger.js';
import type { Logger } from '../loggers/logger.js';
import { nextRunDirectory } from '../loggers/run-directory.js';
import { CheckpointConnector } from '../checkpoint/checkpoint-connector.js';
import { resolveCkptPath } from '../checkpoint/resolve-ckpt-path.js';
import type { LightningDataModule, BatchSource } from '../module/lightning-data-module.js';
import { DataSource, splitDataArgument } from '../data/data-source.js';
import { MisconfigurationError } from './misconfiguration-error.js';
import type { LightningModule } from '../module/lightning-module.js';
import { resolveOptimizers, type ResolvedScheduler } from '../module/optimizer-config.js';
import type { RunningStage } from '../module/running-stage.js';
import { LoopState } from '../loops/loop-state.js';
import { LoggerConnector } from '../loops/logger-connector.js';
import { HookCaller } from '../loops/hook-caller.js';
import { asLoaderList, EvaluationLoop } from '../loops/evaluation-loop.js';
import { TrainingEpochLoop } from '../loops/training-epoch-loop.js';
import { FitLoop } from '../loops/fit-loop.js';
import { ValCheckSchedule } from '../loops/val-check-schedule.js';
import { distributeSource } from '../loops/distributed-source.js';
import { resolveOptions, type ResolvedOptions, type TrainerOptions } from './trainer-options.js';
import { checkAccumulation } from '../callbacks/gradient-accumulation-scheduler.js';
import { createProfiler, ProfilerConnector } from '../profiler/profiler-connector.js';
import type { Profiler } from '../profiler/profiler.js';
import { TerminationWatch } from './termination-watch.js';
import { ModulePlacement } from './module-placement.js';
import { StrategyResolver } from './strategy-resolver.js';
import { strategyChoice, type StrategyChoice } from './strategy-config.js';
import { moduleLink } from './module-link.js';
import { rankInfo } from './rank-info.js';
import { setRankZeroRank } from './rank-zero.js';
import { LAST_NAME } from '../callbacks/checkpoint-writer.js';
import { joinPath } from '../io/file-system.js';

type Lm = LightningModule<unknown, never[], unknown>;
type AnyModule = LightningModule<never, never[], unknown>;

/** What one run (fit/validate/test/predict) works with. */
interface Run {
  readonly module: Lm;
  readonly strategy: Strategy;
  readonly hooks: HookCaller;
  readonly metrics: LoggerConnector;
  readonly view: TrainerView;
  optimizers: Optimizer[];
  schedulers: ResolvedScheduler[];
  /** SIGTERM watch of a fit (null otherwise). */
  readonly termination: TerminationWatch | null;
  /** The data module of the run, whose `stateDict` checkpoints hold. */
  readonly dm: LightningDataModule | undefined;
}

/**
 * Runs a LightningModule (Lightning's Trainer). It stays thin: the loops, the logger and
 * checkpoint connectors do the work; this wires them per run and owns the run's lifecycle.
 */
export class Trainer {
  readonly options: ResolvedOptions;
  readonly #trainerCallbacks: readonly Callback[];
  #callbacks: readonly Callback[];
  readonly loggers: readonly Logger[];
  readonly state = new LoopState();
  /** Every event of every run (fit/epoch/batch start and end, metrics, checkpoints, errors). */
  readonly events$: Observable<TrainerEvent>;
  private readonly container: DependencyContainer;
  private readonly bus: EventBus;
  private readonly fs: FileSystem;
  private readonly ckpt: CheckpointConnector;
  /** Times hooks and loop phases when `options.profiler` is set (null otherwise). */
  readonly profiler: Profiler | null;
  private metrics = new LoggerConnector();
  private run: Run | null = null;
  /** The last finished fit, so `saveCheckpoint` works after it (Lightning's `trainer.save_checkpoint`). */
  private lastFit: Run | null = null;
  private readonly strategyChoice: StrategyChoice;
  /** The strategy of the current (or last) run; null before the first. */
  #strategy: Strategy | null = null;
  private strategies: StrategyResolver | undefined;
  /** The run's versioned directory ('' before a run or without loggers). */
  logDir = '';

  constructor(private readonly raw: TrainerOptions = {}) {
    this.options = resolveOptions(raw);
    this.container = createContainer(raw);
    this.bus = resolve(this.container, EVENT_BUS);
    this.fs = resolve(this.container, FILE_SYSTEM);
    this.ckpt = new CheckpointConnector(resolve(this.container, CHECKPOINT_IO));
    this.profiler = createProfiler(raw.profiler);
    this.events$ = this.bus.events$;
    this.strategyChoice = strategyChoice(raw.strategy, raw.strategyOptions);
    const cbs = [...(raw.callbacks ?? [])];
    if (this.options.enableCheckpointing && !cbs.some((c) => c instanceof ModelCheckpoint)) cbs.push(new ModelCheckpoint());
    if (this.options.enableModelSummary && !cbs.some((c) => c instanceof ModelSummary)) cbs.push(new ModelSummary());
    this.#trainerCallbacks = cbs;
    this.#callbacks = cbs;
    const lg = raw.logger ?? true;
    this.loggers = this.options.fastDevRun ? [] : lg === true ? [new CSVLogger()] : lg === false ? [] : Array.isArray(lg) ? lg : [lg];
  }

  /** The callbacks of the current (or last) run: the Trainer's, with the module's `configureCallbacks()`. */
  get callbacks(): readonly Callback[] {
    return this.#callbacks;
  }

  /** This process's rank among all ranks (Lightning's `global_rank`); from the launcher's RANK before the first run. */
  get globalRank(): number {
    return rankInfo(this.#strategy).globalRank;
  }
  /** This process's rank on its machine. */
  get localRank(): number {
    return rankInfo(this.#strategy).localRank;
  }
  /** This machine's index in the job. */
  get nodeRank(): number {
    return rankInfo(this.#strategy).nodeRank;
  }
  /** Ranks in the run. */
  get worldSize(): number {
    return rankInfo(this.#strategy).worldSize;
  }
  /** Whether this is global rank 0 (the one that logs, saves and prints). */
  get isGlobalZero(): boolean {
    return rankInfo(this.#strategy).isGlobalZero;
  }

  get currentEpoch(): number {
    return this.state.epoch;
  }
  get globalStep(): number {
    return this.state.globalStep;
  }
  get callbackMetrics(): Metrics {
    return this.metrics.callbackMetrics;
  }
  /** Errors thrown by event observers so far (they never stop training). */
  get observerErrors(): ObserverErrors {
    return resolve(this.container, OBSERVER_ERRORS);
  }
  get checkpointCallback(): ModelCheckpoint | undefined {
    return this.callbacks.find((c): c is ModelCheckpoint => c instanceof ModelCheckpoint);
  }
  /** The DI container of this trainer (plugins, registries); for tests and tools. */
  get di(): DependencyContainer {
    return this.container;
  }

  /**
   * Trains `module`; `train` is a loader or a LightningDataModule. Data is looked up as in
   * Lightning: the loaders passed here, then the data module, then the module's
   * `trainDataloader()`/`valDataloader()` (`val: null` turns validation off).
   */
  async fit<B, In extends unknown[], Out>(module: LightningModule<B, In, Out>, train?: BatchSource | LightningDataModule, val?: BatchSource | null, opts: { ckptPath?: string } = {}): Promise<void> {
    const { dm, loaders } = splitDataArgument(train);
    const trainData = DataSource.require('fit', 'trainDataloader', loaders, dm, module);
    const valData = DataSource.find('valDataloader', val, dm, module);
    await this.execute('fit', module as unknown as Lm, dm, async (run) => {
      const o = this.options;
      const place = run.strategy;
      const res = resolveOptimizers(run.module.configureOptimizers());
      run.optimizers = res.optimizers;
      run.schedulers = res.schedulers;
      // Under manual optimization the user steps the schedulers (lrSchedulers()), as in Lightning.
      const loopSchedulers = run.module.automaticOptimization ? run.schedulers : [];
      run.strategy.setup(run.module, run.optimizers);
      await run.strategy.synchronize?.();
      if (opts.ckptPath) await this.restore(run, opts.ckptPath, true);
      // Loaders are asked for after a resume restored the data module's state, as Lightning does.
      const userTrain = trainData.request();
      const userVal = valData?.request() ?? null;
      const trainSrc = distributeSource(userTrain, place, this.raw.seed ?? 0);
      const valSrc = userVal && asLoaderList(userVal).map((v) => distributeSource(v, place, this.raw.seed ?? 0, false));
      const evalLoop = new EvaluationLoop({ state: this.state, module: run.module, hooks: run.hooks, metrics: run.metrics, events: this.bus, strategy: run.strategy });
      const useVal = valSrc !== null && typeof run.module.validationStep === 'function';
      const valBatches = useVal && valSrc ? valSrc.map((v) => evalLoop.batchesOf(v, o.limitValBatches, 'limitValBatches')) : [];
      let fitLoop: FitLoop | null = null;
      const epochLoop = new TrainingEpochLoop(o, {
        state: this.state,
        module: run.module,
        hooks: run.hooks,
        metrics: run.metrics,
        events: this.bus,
        device: run.strategy.rootDevice,
        optimizers: run.optimizers,
        schedulers: loopSchedulers,
        strategy: run.strategy,
        valCheck: new ValCheckSchedule(o.valCheckInterval, o.checkValEveryNEpoch, useVal && valBatches.some((n) => n > 0)),
        validate: () => fitLoop!.validate(valSrc ?? []),
      });
      fitLoop = new FitLoop(
        { maxEpochs: o.maxEpochs, minEpochs: o.minEpochs, maxSteps: o.maxSteps, numSanityValSteps: o.numSanityValSteps, valBatches },
        { state: this.state, module: run.module, hooks: run.hooks, events: this.bus, metrics: run.metrics, epochLoop, evalLoop, schedulers: loopSchedulers, strategy: run.strategy },
      );
      this.bus.emit({ type: 'fitStart', maxEpochs: o.maxEpochs, trainBatches: epochLoop.batchesOf(trainSrc), hparams: { ...dm?.hparams, ...run.module.hparams } });
      await run.hooks.call('onFitStart', (c, v, m) => c.onFitStart?.(v, m), () => run.module.onFitStart());
      await fitLoop.run(trainSrc, useVal ? valSrc : null);
      if (run.termination?.received) await this.saveOnTermination(run);
      await run.hooks.call('onFitEnd', (c, v, m) => c.onFitEnd?.(v, m), () => run.module.onFitEnd());
      return [];
    });
  }

  /** Runs the validation loop once; returns its epoch metrics. */
  validate<B, In extends unknown[], Out>(module: LightningModule<B, In, Out>, data?: BatchSource | LightningDataModule, opts: { ckptPath?: string } = {}): Promise<Metrics[]> {
    return this.evaluate('validate', module, data, opts);
  }

  test<B, In extends unknown[], Out>(module: LightningModule<B, In, Out>, data?: BatchSource | LightningDataModule, opts: { ckptPath?: string } = {}): Promise<Metrics[]> {
    return this.evaluate('test', module, data, opts);
  }

  /**
   * `predictStep` over every batch; returns the outputs (the caller owns returned tensors).
   * `returnPredictions: false` returns `[]` and frees each output after `onPredictBatchEnd`
   * (write them with a `BasePredictionWriter`), so memory stays flat over a long predict.
   */
  async predict<B, In extends unknown[], Out>(module: LightningModule<B, In, Out>, data?: BatchSource | LightningDataModule, opts: { ckptPath?: string; returnPredictions?: boolean } = {}): Promise<unknown[]> {
    let out: unknown[] = [];
    const { dm, loaders } = splitDataArgument(data);
    const source = DataSource.require('predict', 'predictDataloader', loaders, dm, module);
    if (typeof module.predictStep !== 'function') throw new MisconfigurationError(`${module.constructor.name}: predict needs predictStep(batch, batchIdx)`);
    await this.execute('predict', module as unknown as Lm, dm, async (run) => {
      const src = source.request();
      if (opts.ckptPath) await this.restore(run, opts.ckptPath, false);
      const loop = new EvaluationLoop({ state: this.state, module: run.module, hooks: run.hooks, metrics: run.metrics, events: this.bus, strategy: run.strategy });
      const returning = opts.returnPredictions ?? true;
      const keepPredictions = returning || this.callbacks.some((c) => c instanceof BasePredictionWriter && c.collectsPredictions);
      const { predictions } = await loop.run('predict', [src], loop.batchesOf(src, this.options.limitPredictBatches, 'limitPredictBatches'), { keepPredictions });
      out = returning ? predictions : [];
      return [];
    });
    return out;
  }

  /** Writes a checkpoint directory of the current run, or of the last `fit` once it ended, at `path` (atomically). */
  async saveCheckpoint(path: string): Promise<void> {
    const run = this.run ?? this.lastFit;
    if (!run) throw new Error('saveCheckpoint: nothing to save before a fit (call it during or after fit)');
    const extra: Record<string, unknown> = {};
    await run.hooks.call('onSaveCheckpoint', (c, v, m) => c.onSaveCheckpoint?.(v, m, extra), () => run.module.onSaveCheckpoint(extra));
    const callbacks: Record<string, Record<string, unknown>> = {};
    for (const cb of this.callbacks) if (cb.stateDict) callbacks[cb.stateKey] = cb.stateDict();
    const s = this.state;
    await this.ckpt.save(path, {
      module: run.module,
      optimizers: run.optimizers,
      schedulers: run.schedulers.map((x) => x.scheduler),
      position: { epoch: s.epoch, globalStep: s.globalStep, batchIdx: s.batchIdx, loaderRng: s.loaderRng },
      callbacks,
      hparams: run.module.hparams,
      datamodule: run.dm?.stateDict() ?? {},
      extra,
    });
  }

  private async evaluate<B, In extends unknown[], Out>(stage: 'validate' | 'test', module: LightningModule<B, In, Out>, data: BatchSource | LightningDataModule | undefined, opts: { ckptPath?: string }): Promise<Metrics[]> {
    const { dm, loaders } = splitDataArgument(data);
    const source = DataSource.require(stage, stage === 'test' ? 'testDataloader' : 'valDataloader', loaders, dm, module);
    const stepName = stage === 'test' ? 'testStep' : 'validationStep';
    if (typeof module[stepName] !== 'function') throw new MisconfigurationError(`${module.constructor.name}: ${stage} needs ${stepName}(batch, batchIdx)`);
    return this.execute(stage, module as unknown as Lm, dm, async (run) => {
      const given = source.request();
      if (opts.ckptPath) await this.restore(run, opts.ckptPath, false);
      const src = asLoaderList(given).map((g) => distributeSource(g, run.strategy, this.raw.seed ?? 0, false));
      const loop = new EvaluationLoop({ state: this.state, module: run.module, hooks: run.hooks, metrics: run.metrics, events: this.bus, strategy: run.strategy });
      const limit = stage === 'test' ? this.options.limitTestBatches : this.options.limitValBatches;
      const caps = src.map((g) => loop.batchesOf(g, limit, stage === 'test' ? 'limitTestBatches' : 'limitValBatches'));
      return [(await loop.run(stage, src, caps)).metrics];
    });
  }

  /** The lifecycle every entry point shares: setup → body → teardown, errors → onException. */
  private async execute<T>(stage: RunningStage, module: Lm, dm: LightningDataModule | undefined, body: (run: Run) => Promise<T>): Promise<T> {
    if (this.raw.seed !== undefined) seedEverything(this.raw.seed);
    const strategy = await this.resolveStrategy();
    const termination = stage === 'fit' ? new TerminationWatch(() => this.state.requestStop('SIGTERM', true)) : null;
    return strategy.launch(async () => {
      this.#strategy = strategy;
      setRankZeroRank(strategy.rank);
      this.state.shouldStop = false;
      this.state.stopReason = undefined;
      this.state.stopNow = false;
      this.metrics = new LoggerConnector();
      this.#callbacks = attachModelCallbacks(this.#trainerCallbacks, module.configureCallbacks());
      const runner = new CallbackRunner(this.callbacks);
      const view = this.makeView(strategy);
      const hooks = new HookCaller(runner, view, module as unknown as AnyModule, this.profiler);
      const profiling = this.profiler && new ProfilerConnector(this.profiler);
      profiling?.begin(this.bus);
      const state = this.state;
      const run: Run = { module, strategy, hooks, metrics: this.metrics, view, optimizers: [], schedulers: [], termination, dm };
      this.run = run;
      const placement = ModulePlacement.capture(module);
      const subs = [];
      let status: 'finished' | 'stopped' | 'failed' = 'finished';
      try {
        if (stage === 'fit' && strategy.isGlobalZero && this.loggers.length > 0) {
          this.logDir = await nextRunDirectory(this.fs, this.options.defaultRootDir);
          for (const l of this.loggers) await l.open(this.fs, this.logDir);
        }
        if (stage === 'fit' && strategy.worldSize > 1) this.logDir = await strategy.broadcast(this.logDir);
        if (strategy.isGlobalZero) for (const l of this.loggers) subs.push(this.bus.observe(l));
        if (this.options.enableProgressBar && strategy.isGlobalZero) subs.push(this.bus.observe(await defaultProgressBar()));
        module.attachTrainer(moduleLink({ trainer: this, strategy, state, metrics: () => this.metrics, run }));
        // Lightning's prepare_data_per_node: once per machine (local rank 0), then every rank waits.
        if (rankInfo(strategy).localRank === 0) {
          await dm?.prepareData();
          await hooks.call('prepareData', null, () => module.prepareData());
        }
        if (strategy.worldSize > 1) await strategy.barrier('prepareData');
        await dm?.setup(stage);
        await hooks.call('setup', (c, v, m) => c.setup?.(v, m, stage), () => module.setup(stage));
        module.configureModel();
        // fit places the module through strategy.setup; the other stages here (as Lightning).
        if (stage !== 'fit') placement.enter(strategy);
        const result = await body(run);
        status = this.state.shouldStop ? 'stopped' : 'finished';
        await hooks.call('teardown', (c, v, m) => c.teardown?.(v, m, stage), () => module.teardown(stage));
        if (dm) await dm.teardown(stage);
        return result;
      } catch (e) {
        status = 'failed';
        this.bus.emit({ type: 'exception', error: e });
        await runner.runAll((cb) => cb.onException?.(view, module as unknown as AnyModule, e));
        throw e;
      } finally {
        this.bus.emit({ type: 'fitEnd', epoch: this.state.epoch, globalStep: this.state.globalStep, status });
        this.bus.emit({ type: 'runEnd', status });
        for (const l of this.loggers) await l.flush().catch((err: unknown) => this.observerErrors.record(l.name, err));
        await profiling?.end(stage, this.fs, this.logDir || this.options.defaultRootDir, strategy.rank).catch((err: unknown) => this.observerErrors.record('Profiler', err));
        for (const s of subs) s.unsubscribe();
        module.attachTrainer(null);
        this.run = null;
        if (stage === 'fit') this.lastFit = run;
        await strategy.teardown();
        await placement.leave(strategy);
      }
    }).finally(() => {
      // A SIGTERM'd fit is saved and torn down: end the process as the signal would have.
      termination?.reraise();
      termination?.dispose();
    });
  }

  /** SIGTERM stopped the fit: write `last` (atomically) where `ckptPath: 'last'` looks. */
  private async saveOnTermination(run: Run): Promise<void> {
    if (!run.strategy.isGlobalZero) return;
    const dir = this.checkpointCallback?.dirpath || joinPath(this.logDir || this.options.defaultRootDir, 'checkpoints');
    await this.fs.mkdir(dir);
    const path = joinPath(dir, LAST_NAME);
    await this.saveCheckpoint(path);
    const s = this.state;
    this.bus.emit({ type: 'checkpointSaved', path, epoch: s.epoch, globalStep: s.globalStep });
  }

  private async restore(run: Run, ckptPath: string, training: boolean): Promise<void> {
    const cb = this.checkpointCallback;
    const path = await resolveCkptPath(ckptPath, { fs: this.fs, defaultRootDir: this.options.defaultRootDir, dirpath: cb?.dirpath || undefined, bestModelPath: cb?.bestModelPath || undefined });
    const loaded = await this.ckpt.load(path);
    try {
      if (training) {
        // Everything untrusted is checked (callback states too) before the model is touched.
        this.ckpt.checkTraining(loaded, run.optimizers, run.schedulers.map((s) => s.scheduler));
        this.ckpt.restoreCallbacks(loaded, this.callbacks);
      }
      this.ckpt.restoreModel(loaded, run.module);
      const extra = loaded.state.extra;
      await run.hooks.call('onLoadCheckpoint', (c, v, m) => c.onLoadCheckpoint?.(v, m, extra), () => run.module.onLoadCheckpoint(extra));
      if (!training) return;
      run.dm?.loadStateDict(loaded.state.datamodule ?? {});
      this.ckpt.restoreTraining(loaded, run.optimizers, run.schedulers.map((s) => s.scheduler));
      const s = loaded.state;
      this.state.epoch = s.epoch;
      this.state.globalStep = s.globalStep;
      this.state.resume = this.ckpt.resumePoint(loaded);
    } finally {
      loaded.dispose();
    }
  }

  private async resolveStrategy(): Promise<Strategy> {
    const choice = this.strategyChoice;
    if ('instance' in choice) return choice.instance;
    this.strategies ??= new StrategyResolver({
      plugins: resolve(this.container, PLUGIN_LOADER),
      accelerators: resolve(this.container, ACCELERATOR_REGISTRY),
      strategies: resolve(this.container, STRATEGY_REGISTRY),
      reporter: resolve(this.container, REPORTER),
      accelerator: this.options.accelerator,
      devices: this.options.devices,
      strategy: choice.name,
      strategyOptions: choice.options,
    });
    return this.strategies.resolve();
  }

  private makeView(strategy: Strategy): TrainerView {
    const s = this.state;
    const o = this.options;
    const metrics = (): Metrics => this.metrics.callbackMetrics;
    const logDir = (): string => this.logDir;
    const optimizers = (): readonly Optimizer[] => this.run?.optimizers ?? [];
    return {
      get currentEpoch() { return s.epoch; },
      get globalStep() { return s.globalStep; },
      get batchIdx() { return s.batchIdx; },
      maxEpochs: o.maxEpochs,
      maxSteps: o.maxSteps,
      minEpochs: o.minEpochs,
      get trainBatches() { return s.trainBatches; },
      get callbackMetrics() { return metrics(); },
      get sanityChecking() { return s.sanityChecking; },
      isGlobalZero: strategy.isGlobalZero,
      defaultRootDir: o.defaultRootDir,
      get logDir() { return logDir(); },
      fs: this.fs,
      events: this.bus,
      get optimizers() { return optimizers(); },
      get shouldStop() { return s.shouldStop; },
      get accumulateGradBatches() { return s.accumulateGradBatches ?? o.accumulateGradBatches; },
      set accumulateGradBatches(n: number) { s.accumulateGradBatches = checkAccumulation(n); },
      requestStop: (reason) => s.requestStop(reason),
      saveCheckpoint: (path) => this.saveCheckpoint(path),
      broadcast: (v) => strategy.broadcast(v),
    };
  }
}

