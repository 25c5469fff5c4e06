import { DataLoader, noGrad, tidy, keep, type Strategy, type Tensor } from '@flint/core';
import type { Callback, AnyLightningModule, BatchOutputs } from '../callbacks/callback.js';
import type { TrainerView } from '../callbacks/trainer-view.js';
import type { LightningModule } from '../module/lightning-module.js';
import type { BatchSource } from '../module/lightning-data-module.js';
import type { EventBus } from '../events/event-bus.js';
import type { Metrics, Stage } from '../events/trainer-event.js';
import type { HookCaller } from './hook-caller.js';
import type { LoggerConnector } from './logger-connector.js';
import type { LoopState } from './loop-state.js';
import { iterate, limitBatches, sourceLength } from './batch-source.js';
import type { BatchLimit } from './batch-limit.js';
import { batchSizeOf } from './batch-size.js';
import { lossOf } from './optimization-step.js';
import { disposeBatch, ownsBatches } from './batch-ownership.js';
import { distributedDatasetSize } from './distributed-source.js';

type Lm = LightningModule<unknown, never[], unknown>;
type CbAll = (c: Callback, v: TrainerView, m: AnyLightningModule) => void | Promise<void>;
type CbBatch = (c: Callback, v: TrainerView, m: AnyLightningModule, batch: unknown, idx: number, out?: BatchOutputs, dl?: number) => void | Promise<void>;

/** The hooks of one evaluation stage, as typed calls (no dispatch by hook-name strings). */
interface StageHooks {
  readonly label: string;
  readonly start: [CbAll, (m: Lm) => void];
  readonly epochStart: [CbAll, (m: Lm) => void];
  readonly batchStart: [CbBatch, (m: Lm, b: unknown, i: number, dl: number) => void];
  readonly batchEnd: [CbBatch, (m: Lm, o: BatchOutputs, b: unknown, i: number, dl: number) => void];
  readonly epochEnd: [CbAll, (m: Lm) => void];
  readonly end: [CbAll, (m: Lm) => void];
  readonly step: (m: Lm, b: unknown, i: number, dl: number) => unknown;
}

const validation: StageHooks = {
  label: 'Validation',
  start: [(c, v, m) => c.onValidationStart?.(v, m), (m) => m.onValidationStart()],
  epochStart: [(c, v, m) => c.onValidationEpochStart?.(v, m), (m) => m.onValidationEpochStart()],
  batchStart: [(c, v, m, b, i, _o, dl) => c.onValidationBatchStart?.(v, m, b, i, dl), (m, b, i, dl) => m.onValidationBatchStart(b, i, dl)],
  batchEnd: [(c, v, m, b, i, o, dl) => c.onValidationBatchEnd?.(v, m, o as BatchOutputs, b, i, dl), (m, o, b, i, dl) => m.onValidationBatchEnd(o, b, i, dl)],
  epochEnd: [(c, v, m) => c.onValidationEpochEnd?.(v, m), (m) => m.onValidationEpochEnd()],
  end: [(c, v, m) => c.onValidationEnd?.(v, m), (m) => m.onValidationEnd()],
  step: (m, b, i, dl) => m.validationStep?.(b, i, dl),
};

const test: StageHooks = {
  label: 'Test',
  start: [(c, v, m) => c.onTestStart?.(v, m), (m) => m.onTestStart()],
  epochStart: [(c, v, m) => c.onTestEpochStart?.(v, m), (m) => m.onTestEpochStart()],
  batchStart: [(c, v, m, b, i, _o, dl) => c.onTestBatchStart?.(v, m, b, i, dl), (m, b, i, dl) => m.onTestBatchStart(b, i, dl)],
  batchEnd: [(c, v, m, b, i, o, dl) => c.onTestBatchEnd?.(v, m, o as BatchOutputs, b, i, dl), (m, o, b, i, dl) => m.onTestBatchEnd(o, b, i, dl)],
  epochEnd: [(c, v, m) => c.onTestEpochEnd?.(v, m), (m) => m.onTestEpochEnd()],
  end: [(c, v, m) => c.onTestEnd?.(v, m), (m) => m.onTestEnd()],
  step: (m, b, i, dl) => m.testStep?.(b, i, dl),
};

const predict: StageHooks = {
  label: 'Predict',
  start: [(c, v, m) => c.onPredictStart?.(v, m), (m) => m.onPredictStart()],
  epochStart: [(c, v, m) => c.onPredictEpochStart?.(v, m), (m) => m.onPredictEpochStart()],
  batchStart: [(c, v, m, b, i, _o, dl) => c.onPredictBatchStart?.(v, m, b, i, dl), (m, b, i, dl) => m.onPredictBatchStart(b, i, dl)],
  batchEnd: [(c, v, m, b, i, o, dl) => c.onPredictBatchEnd?.(v, m, o as BatchOutputs, b, i, dl), (m, o, b, i, dl) => m.onPredictBatchEnd(o, b, i, dl)],
  epochEnd: [(c, v, m) => c.onPredictEpochEnd?.(v, m), (m) => m.onPredictEpochEnd()],
  end: [(c, v, m) => c.onPredictEnd?.(v, m), (m) => m.onPredictEnd()],
  step: (m, b, i, dl) => {
    if (!m.predictStep) throw new Error(`${m.constructor.name}: predict needs predictStep(batch, batchIdx)`);
    return m.predictStep(b, i, dl);
  },
};

const STAGES: Record<Exclude<Stage, 'train'>, StageHooks> = { sanity: validation, validate: validation, test, predict };

export interface EvaluationDeps {
  readonly state: LoopState;
  readonly module: Lm;
  readonly hooks: HookCaller;
  readonly metrics: LoggerConnector;
  readonly events: EventBus;
  readonly strategy: Pick<Strategy, 'reduce' | 'rootDevice' | 'rank' | 'worldSize' | 'allGather'>;
}

/** Result of one evaluation pass: epoch metrics, and predictions for `predict`. */
export interface EvaluationResult {
  readonly metrics: Metrics;
  readonly predictions: unknown[];
}

/**
 * Validation, test and predict loops (also the sanity check): eval mode, no gradients, each
 * step in a `tidy`, epoch metrics reduced at the end; training mode is restored after.
 */
export class EvaluationLoop {
  constructor(private readonly d: EvaluationDeps) {}

  batchesOf(loader: BatchSource, limit: BatchLimit | undefined, what: string): number {
    return limitBatches(sourceLength(loader), limit, what);
  }

  /**
   * One pass over the loaders of `list` (one, or several run one after another with `dataloaderIdx` 0, 1,
   * ...; with several, logged keys get Lightning's `/dataloader_idx_N` suffix). `batches` caps
   * each loader (one number for all, or one per loader). Predict keeps its outputs unless
   * `opts.keepPredictions` is false: then each is freed after `onPredictBatchEnd`.
   */
  async run(stage: Exclude<Stage, 'train'>, list: readonly BatchSource[], batches: number | readonly number[], opts: { keepPredictions?: boolean } = {}): Promise<EvaluationResult> {
    const { module: m, hooks, metrics, events } = this.d;
    const caps = list.map((_, i) => (typeof batches === 'number' ? batches : (batches[i] ?? 0)));
    const h = STAGES[stage];
    const wasTraining = m.training;
    m.eval();
    const prevStage = metrics.beginEpoch(stage);
    const predictions: unknown[] = [];
    await hooks.call(`on${h.label}Start`, h.start[0], () => h.start[1](m));
    events.emit({ type: 'stageStart', stage, batches: caps.reduce((x, y) => x + y, 0) });
    await hooks.call(`on${h.label}EpochStart`, h.epochStart[0], () => h.epochStart[1](m));
    try {
      for (let dl = 0; dl < list.length; dl++) {
        metrics.dataloaderSuffix = list.length > 1 ? `/dataloader_idx_${dl}` : '';
        metrics.setDatasetSize(stage, distributedDatasetSize(list[dl]));
        await this.runLoader(stage, h, list[dl], caps[dl], dl, predictions, opts.keepPredictions ?? true);
      }
    } finally {
      metrics.dataloaderSuffix = '';
    }
    await hooks.call(`on${h.label}EpochEnd`, h.epochEnd[0], () => h.epochEnd[1](m));
    const { logged } = await metrics.endEpoch(this.d.strategy, stage);
    events.emit({ type: 'stageEnd', stage, metrics: logged });
    if (stage === 'validate') {
      events.emit({ type: 'validationEnd', epoch: this.d.state.epoch, globalStep: this.d.state.globalStep, metrics: logged });
      if (Object.keys(logged).length > 0) events.emit({ type: 'metrics', step: Math.max(0, this.d.state.globalStep - 1), epoch: this.d.state.epoch, metrics: { ...logged, epoch: this.d.state.epoch } });
    }
    await hooks.call(`on${h.label}End`, h.end[0], () => h.end[1](m));
    metrics.resumeStage(prevStage);
    m.train(wasTraining);
    return { metrics: logged, predictions };
  }

  private async runLoader(stage: Exclude<Stage, 'train'>, h: StageHooks, loader: BatchSource, batches: number, dl: number, predictions: unknown[], keepPredictions: boolean): Promise<void> {
    const { module: m, hooks, metrics, events } = this.d;
    const it = iterate(loader);
    // predictStep may return (views of) its input, which the caller then owns, unless the
    // predictions are not kept.
    const owned = ownsBatches(loader) && (stage !== 'predict' || !keepPredictions);
    try {
      for (let idx = 0; idx < batches; idx++) {
        const next = await it.next();
        if (next.done) break;
        const raw = next.value;
        metrics.batchSize = batchSizeOf(raw);
        await hooks.call(`on${h.label}BatchStart`, (c, v, mm) => h.batchStart[0](c, v, mm, raw, idx, undefined, dl), () => h.batchStart[1](m, raw, idx, dl));
        let batch = m.onBeforeBatchTransfer(raw, dl);
        batch = m.transferBatchToDevice(batch, this.d.strategy.rootDevice, dl);
        batch = m.onAfterBatchTransfer(batch, dl);
        const out = noGrad(() => tidy(() => keepResult(h.step(m, batch, idx, dl), stage === 'predict')));
        let loss: number | undefined;
        if (stage === 'predict') {
          if (keepPredictions) predictions.push(out);
        } else if (out !== undefined) {
          loss = await (out as Tensor).item();
          (out as Tensor).dispose();
        }
        const { progBar } = await metrics.endStep();
        events.emit({ type: 'batchEnd', stage, epoch: this.d.state.epoch, batchIdx: idx, batches, globalStep: this.d.state.globalStep, loss, progBar });
        // Lightning passes a predict step's output itself to on_predict_batch_end (and the writers).
        const o = stage === 'predict' ? (out as BatchOutputs) : { loss };
        await hooks.call(`on${h.label}BatchEnd`, (c, v, mm) => h.batchEnd[0](c, v, mm, raw, idx, o, dl), () => h.batchEnd[1](m, o, raw, idx, dl));
        if (stage === 'predict' && !keepPredictions) disposeBatch(out);
        if (owned) disposeBatch([raw, batch]);
      }
    } finally {
      await it.return?.();
    }
  }
}

/** One loader or several: an array whose elements are all core DataLoaders is several. */
export function asLoaderList(src: BatchSource | readonly BatchSource[]): readonly BatchSource[] {
  return isLoaderList(src) ? src : [src as BatchSource];
}

/** Whether `src` is several loaders (an array of core DataLoaders), not one array of batches. */
export function isLoaderList(src: BatchSource | readonly BatchSource[]): src is readonly BatchSource[] {
  return Array.isArray(src) && src.length > 0 && src.every((x) => x instanceof DataLoader);
}

/** Keeps what leaves the step's tidy: the loss of validation/test, the whole output of predict. */
function keepResult(out: unknown, isPredict: boolean): unknown {
  if (isPredict) return out;
  const loss = lossOf(out as Parameters<typeof lossOf>[0]);
  return loss === undefined ? undefined : keep(loss.detach());
}
