import type { LightningModule } from '../module/lightning-module.js';
import type { BatchSource } from '../module/lightning-data-module.js';
import type { ResolvedScheduler } from '../module/optimizer-config.js';
import type { EventBus } from '../events/event-bus.js';
import type { EvaluationLoop } from './evaluation-loop.js';
import type { HookCaller } from './hook-caller.js';
import type { LoggerConnector } from './logger-connector.js';
import type { LoopState } from './loop-state.js';
import { stepScheduler, type TrainingEpochLoop } from './training-epoch-loop.js';
import { agreeOnStop, type StopBroadcast } from './stop-agreement.js';
import { loaderGenerator } from './batch-source.js';

export interface FitLoopConfig {
  /** -1: no limit (maxSteps must then bound the run). */
  readonly maxEpochs: number;
  readonly minEpochs: number;
  readonly maxSteps: number;
  readonly numSanityValSteps: number;
  /** Batches of each validation loader. */
  readonly valBatches: readonly number[];
}

export interface FitLoopDeps {
  readonly state: LoopState;
  readonly module: LightningModule<unknown, never[], unknown>;
  readonly hooks: HookCaller;
  readonly events: EventBus;
  readonly metrics: LoggerConnector;
  readonly epochLoop: TrainingEpochLoop;
  readonly evalLoop: EvaluationLoop;
  readonly schedulers: readonly ResolvedScheduler[];
  readonly strategy: Parameters<LoggerConnector['endEpoch']>[0] & StopBroadcast;
}

/**
 * The fit loop (Lightning's `_FitLoop`): sanity validation, onTrainStart, epochs until
 * maxEpochs/maxSteps or a stop request (honoured once minEpochs are done), onTrainEnd.
 */
export class FitLoop {
  constructor(
    private readonly cfg: FitLoopConfig,
    private readonly d: FitLoopDeps,
  ) {}

  /** The validation pass the epoch loop runs when due. */
  async validate(val: readonly BatchSource[]): Promise<void> {
    await this.d.evalLoop.run('validate', val, this.cfg.valBatches);
  }

  async run(train: BatchSource, val: readonly BatchSource[] | null): Promise<void> {
    const { state: s, hooks, module: m, events } = this.d;
    if (val && this.cfg.numSanityValSteps > 0 && this.cfg.valBatches.some((n) => n > 0)) {
      s.sanityChecking = true;
      await hooks.call('onSanityCheckStart', (c, v, mm) => c.onSanityCheckStart?.(v, mm));
      await this.d.evalLoop.run('sanity', val, this.cfg.valBatches.map((n) => Math.min(this.cfg.numSanityValSteps, n)));
      await hooks.call('onSanityCheckEnd', (c, v, mm) => c.onSanityCheckEnd?.(v, mm));
      s.sanityChecking = false;
      // as Lightning resets them: the sanity pass's values are no model's real metrics
      for (const k of Object.keys(this.d.metrics.callbackMetrics)) delete this.d.metrics.callbackMetrics[k];
      for (const k of Object.keys(this.d.metrics.progBarMetrics)) delete this.d.metrics.progBarMetrics[k];
    }
    await hooks.call('onTrainStart', (c, v, mm) => c.onTrainStart?.(v, mm), () => m.onTrainStart());
    for (;;) {
      if (this.cfg.maxEpochs >= 0 && s.epoch >= this.cfg.maxEpochs) break;
      if (this.cfg.maxSteps >= 0 && s.globalStep >= this.cfg.maxSteps) break;
      await this.d.epochLoop.run(train);
      const midEpochStop = ((this.cfg.maxSteps >= 0 && s.globalStep >= this.cfg.maxSteps) || s.stopNow) && s.batchIdx < s.trainBatches;
      if (midEpochStop) break;
      const { logged } = await this.d.metrics.endEpoch(this.d.strategy, 'train');
      if (Object.keys(logged).length > 0) events.emit({ type: 'metrics', step: Math.max(0, s.globalStep - 1), epoch: s.epoch, metrics: { ...logged, epoch: s.epoch } });
      await hooks.call('onTrainEpochEnd', (c, v, mm) => c.onTrainEpochEnd?.(v, mm), () => m.onTrainEpochEnd());
      await agreeOnStop(s, this.d.strategy);
      events.emit({ type: 'epochEnd', epoch: s.epoch, globalStep: s.globalStep, metrics: logged });
      for (const sc of this.d.schedulers) {
        if (sc.interval !== 'epoch' || (s.epoch + 1) % sc.frequency !== 0) continue;
        stepScheduler(sc, this.d.metrics.callbackMetrics);
      }
      s.epoch++;
      s.batchIdx = 0;
      // The loader's generator as the next epoch starts (after this epoch's shuffle): a
      // checkpoint taken now (SIGTERM in an epoch's last batch) replays the next shuffle, not this one.
      s.loaderRng = loaderGenerator(train)?.getState() ?? null;
      if (s.shouldStop && (s.epoch >= this.cfg.minEpochs || s.stopNow)) break;
      if (s.shouldStop) s.shouldStop = false;
    }
    await hooks.call('onTrainEnd', (c, v, mm) => c.onTrainEnd?.(v, mm), () => m.onTrainEnd());
  }
}
