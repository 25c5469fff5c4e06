import { ReduceLROnPlateau, setRngState, type Optimizer, type Tensor } from '@flint/core';
import type { LightningModule } from '../module/lightning-module.js';
import type { BatchSource } from '../module/lightning-data-module.js';
import type { ResolvedScheduler } from '../module/optimizer-config.js';
import type { EventBus } from '../events/event-bus.js';
import type { HookCaller } from './hook-caller.js';
import type { LoggerConnector } from './logger-connector.js';
import type { LoopState } from './loop-state.js';
import { iterate, limitBatches, loaderGenerator, sourceLength } from './batch-source.js';
import type { BatchLimit } from './batch-limit.js';
import { automaticStep, manualStep, type ClipConfig, type StepSync } from './optimization-step.js';
import { distributedDatasetSize, distributedSamplerOf } from './distributed-source.js';
import { agreeOnStop, type StopBroadcast } from './stop-agreement.js';
import { agreeOnBatch, type BatchAgreementSync } from './batch-agreement.js';
import { eventLoopTurn } from './event-loop-turn.js';
import { disposeBatch, ownsBatches } from './batch-ownership.js';
import type { ExtrasSink } from './step-extras.js';
import { batchSizeOf } from './batch-size.js';
import type { ValCheckSchedule } from './val-check-schedule.js';
import { CheckpointCorruptError } from '../checkpoint/checkpoint-corrupt-error.js';

export interface TrainingLoopConfig extends ClipConfig {
  readonly maxSteps: number;
  readonly limitTrainBatches: BatchLimit | undefined;
  readonly accumulateGradBatches: number;
  readonly logEveryNSteps: number;
}

/** What the epoch loop works with (narrow: no Trainer). */
export interface TrainingLoopDeps {
  readonly state: LoopState;
  readonly module: LightningModule<unknown, never[], unknown>;
  readonly hooks: HookCaller;
  readonly metrics: LoggerConnector;
  readonly events: EventBus;
  readonly device: string;
  readonly optimizers: readonly Optimizer[];
  readonly schedulers: readonly ResolvedScheduler[];
  /** Gradient sync and stop agreement across ranks. */
  readonly strategy: StepSync & StopBroadcast & BatchAgreementSync;
  readonly valCheck: ValCheckSchedule;
  /** Runs the validation loop (inside the epoch, when due). */
  readonly validate: () => Promise<void>;
}

/** One training epoch: batches, optimizer steps, step-interval schedulers, validation when due. */
export class TrainingEpochLoop {
  constructor(
    private readonly cfg: TrainingLoopConfig,
    private readonly d: TrainingLoopDeps,
  ) {}

  /** Batches one epoch of `loader` will run. */
  batchesOf(loader: BatchSource): number {
    return limitBatches(sourceLength(loader), this.cfg.limitTrainBatches, 'limitTrainBatches');
  }

  async run(loader: BatchSource): Promise<void> {
    const { state: s, hooks, module: m } = this.d;
    const batches = this.batchesOf(loader);
    s.trainBatches = batches;
    const gen = loaderGenerator(loader);
    const resume = s.resume;
    s.resume = null;
    if (resume) {
      if (resume.batchIdx > batches) {
        throw new CheckpointCorruptError(resume.source ?? 'state.json', `field batchIdx ${resume.batchIdx} is past the ${batches} training batches of epoch ${s.epoch}`);
      }
      if (gen && resume.loaderRng) gen.setState(resume.loaderRng);
      if (resume.batchIdx === 0) setRngState(resume.rng);
    }
    s.loaderRng = gen?.getState() ?? null;
    distributedSamplerOf(loader)?.setEpoch(s.epoch);
    s.batchIdx = 0;
    this.d.metrics.beginEpoch('train');
    this.d.metrics.setDatasetSize('train', distributedDatasetSize(loader));
    m.train();
    await hooks.call('onTrainEpochStart', (c, v, mm) => c.onTrainEpochStart?.(v, mm), () => m.onTrainEpochStart());
    this.d.events.emit({ type: 'epochStart', epoch: s.epoch, batches });
    const it = iterate(loader);
    const owned = ownsBatches(loader);
    try {
      for (let idx = 0; idx < batches; idx++) {
        const next = await it.next();
        await agreeOnBatch(!next.done, idx, s.epoch, this.d.strategy);
        if (next.done) break;
        if (resume && idx < resume.batchIdx) {
          if (idx + 1 === resume.batchIdx) setRngState(resume.rng);
          s.batchIdx = idx + 1;
          if (owned) disposeBatch(next.value);
          continue;
        }
        await this.batch(next.value, idx, batches, owned);
        s.batchIdx = idx + 1;
        if (this.d.valCheck.dueAfter(s.epoch, idx + 1, batches)) await this.d.validate();
        await eventLoopTurn();
        await agreeOnStop(s, this.d.strategy);
        if (s.shouldStop || (this.cfg.maxSteps >= 0 && s.globalStep >= this.cfg.maxSteps)) break;
      }
    } finally {
      await it.return?.();
    }
  }

  private async batch(raw: unknown, idx: number, batches: number, owned: boolean): Promise<void> {
    const { state: s, hooks, module: m, events } = this.d;
    this.d.metrics.batchSize = batchSizeOf(raw);
    await hooks.call('onTrainBatchStart', (c, v, mm) => c.onTrainBatchStart?.(v, mm, raw, idx), () => m.onTrainBatchStart(raw, idx));
    events.emit({ type: 'batchStart', stage: 'train', epoch: s.epoch, batchIdx: idx, globalStep: s.globalStep });
    let batch = m.onBeforeBatchTransfer(raw, 0);
    batch = m.transferBatchToDevice(batch, this.d.device, 0);
    batch = m.onAfterBatchTransfer(batch, 0);
    const acc = s.accumulateGradBatches ?? this.cfg.accumulateGradBatches;
    const stepNow = (idx + 1) % acc === 0 || idx + 1 === batches;
    let lossT: Tensor | undefined;
    const sink: ExtrasSink = { extras: {} };
    if (m.automaticOptimization) {
      if (this.d.optimizers.length !== 1) throw new Error(`automatic optimization needs exactly one optimizer, configureOptimizers returned ${this.d.optimizers.length}; set automaticOptimization = false`);
      const pos = { epoch: s.epoch, batchIdx: idx, zeroGrad: idx % acc === 0, step: stepNow, accumulate: acc };
      lossT = await automaticStep(m, hooks, this.d.optimizers[0], batch, pos, this.cfg, this.d.strategy, sink);
    } else {
      lossT = manualStep(m, batch, idx, sink);
    }
    const stepped = !m.automaticOptimization || (stepNow && lossT !== undefined);
    if (stepped) {
      s.globalStep++;
      for (const sc of this.d.schedulers) if (sc.interval === 'step' && s.globalStep % sc.frequency === 0) stepScheduler(sc, this.d.metrics.callbackMetrics);
    }
    const loss = lossT === undefined ? undefined : await lossT.item();
    lossT?.dispose();
    s.batchIdx = idx + 1;
    const { logged, progBar } = await this.d.metrics.endStep();
    if (stepped && Object.keys(logged).length > 0 && s.globalStep % this.cfg.logEveryNSteps === 0) {
      events.emit({ type: 'metrics', step: s.globalStep - 1, epoch: s.epoch, metrics: { ...logged, epoch: s.epoch } });
    }
    events.emit({ type: 'batchEnd', stage: 'train', epoch: s.epoch, batchIdx: idx, batches, globalStep: s.globalStep, loss, progBar: { ...this.d.metrics.progBarMetrics, ...progBar } });
    const outputs = { ...sink.extras, loss };
    try {
      await hooks.call('onTrainBatchEnd', (c, v, mm) => c.onTrainBatchEnd?.(v, mm, outputs, raw, idx), () => m.onTrainBatchEnd(outputs, raw, idx));
    } finally {
      disposeBatch(Object.values(sink.extras));
    }
    if (owned) disposeBatch([raw, batch]);
  }
}

/**
 * Steps a scheduler: `ReduceLROnPlateau` gets the value of its config's `monitor` (Lightning's
 * rule); the others step plainly.
 */
export function stepScheduler(sc: ResolvedScheduler, metrics: Readonly<Record<string, number>>): void {
  if (!(sc.scheduler instanceof ReduceLROnPlateau)) {
    sc.scheduler.step();
    return;
  }
  const value = sc.monitor === undefined ? undefined : metrics[sc.monitor];
  if (value === undefined) {
    throw new Error(`lrScheduler monitors '${sc.monitor}', which was not logged (logged: ${Object.keys(metrics).join(', ') || 'nothing'})`);
  }
  sc.scheduler.step(value);
}
