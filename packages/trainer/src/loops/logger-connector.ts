import { fromValues, keep, scalar, Tensor, type Strategy } from '@flint/core';
import type { LogOptions, ReduceFx } from '../module/log-options.js';
import type { Stage } from '../events/trainer-event.js';
import { isLoggableMetric, type LoggableMetric } from '../module/loggable-metric.js';
import { EpochMetrics, type EpochMetricGroup } from './epoch-metrics.js';

interface Pending {
  readonly name: string;
  readonly value: Tensor | number;
  readonly opts: Required<Pick<LogOptions, 'onStep' | 'onEpoch' | 'progBar' | 'logger' | 'syncDist' | 'reduceFx' | 'batchSize'>>;
}

interface Accumulator {
  reduceFx: ReduceFx;
  syncDist: boolean;
  progBar: boolean;
  logger: boolean;
  both: boolean;
  sum: number;
  weight: number;
  max: number;
  min: number;
}

/** What one step or one epoch produced. */
export interface LoggedValues {
  /** For loggers. */
  readonly logged: Record<string, number>;
  /** For the progress bar. */
  readonly progBar: Record<string, number>;
}

/**
 * Collects `this.log` calls (Lightning's logger connector): values of a step are read once the
 * step's `tidy` ends, step values go to loggers, epoch values are reduced with `reduceFx`.
 * A metric logged with both `onStep` and `onEpoch` appears as `name_step` and `name_epoch`.
 */
export class LoggerConnector {
  private pending: Pending[] = [];
  private readonly epochs = new Map<Stage, Map<string, Accumulator>>();
  private stage: Stage = 'train';
  private readonly metricObjects = new EpochMetrics();
  /** The current batch's size (from its first tensor), weighing epoch means when `log` gets no `batchSize`. */
  batchSize: number | undefined;
  /** Appended to every logged name while one of several evaluation loaders runs (`/dataloader_idx_1`). */
  dataloaderSuffix = '';
  /** Last value of every metric: what callbacks monitor. */
  readonly callbackMetrics: Record<string, number> = {};
  readonly progBarMetrics: Record<string, number> = {};

  /**
   * Starts collecting for a stage's epoch (that stage's earlier values are dropped) and
   * returns the stage that was current, for `resumeStage` after a validation inside training.
   */
  beginEpoch(stage: Stage): Stage {
    const prev = this.stage;
    this.stage = stage;
    this.epochs.set(stage, new Map());
    this.metricObjects.clear(stage);
    return prev;
  }

  /** Goes back to collecting for `stage` without dropping its values. */
  resumeStage(stage: Stage): void {
    this.stage = stage;
  }

  /** The dataset length a `DistributedSampler` splits for `stage`, so metric objects drop its padding. */
  setDatasetSize(stage: Stage, size: number | undefined): void {
    this.metricObjects.setDatasetSize(stage, size);
  }

  log(name: string, value: number | Tensor | LoggableMetric, opts: LogOptions): void {
    name += this.dataloaderSuffix;
    const training = this.stage === 'train';
    if (isLoggableMetric(value)) {
      if (opts.onStep === true || opts.onEpoch === false) throw new TypeError(`log('${name}'): a metric object is computed at epoch end; log metric.compute()'s value yourself for per-step values`);
      this.metricObjects.add(this.stage, name, value, { progBar: opts.progBar ?? false, logger: opts.logger ?? true });
      return;
    }
    if (value instanceof Tensor) {
      if (value.size !== 1) throw new TypeError(`log('${name}'): value must be a scalar, got a tensor of shape [${value.shape.join(',')}]`);
      value = keep(value.detach());
    } else if (typeof value !== 'number') {
      throw new TypeError(`log('${name}'): value must be a number or a one-element tensor, got ${typeof value}`);
    }
    this.pending.push({
      name,
      value,
      opts: {
        onStep: opts.onStep ?? training,
        onEpoch: opts.onEpoch ?? !training,
        progBar: opts.progBar ?? false,
        logger: opts.logger ?? true,
        syncDist: opts.syncDist ?? false,
        reduceFx: opts.reduceFx ?? 'mean',
        batchSize: opts.batchSize ?? this.batchSize ?? 1,
      },
    });
  }

  /** Reads the step's values (after its `tidy`), feeds the epoch accumulators. */
  async endStep(): Promise<LoggedValues> {
    const items = this.pending;
    this.pending = [];
    const logged: Record<string, number> = {};
    const progBar: Record<string, number> = {};
    for (const p of items) {
      const v = p.value instanceof Tensor ? await readAndDispose(p.value) : p.value;
      const both = p.opts.onStep && p.opts.onEpoch;
      if (p.opts.onStep) {
        const key = both ? `${p.name}_step` : p.name;
        this.callbackMetrics[key] = v;
        if (p.opts.logger) logged[key] = v;
        if (p.opts.progBar) progBar[p.name] = this.progBarMetrics[p.name] = v;
      }
      if (p.opts.onEpoch) this.accumulate(p, v, both);
    }
    return { logged, progBar };
  }

  /** Reduces the epoch's values (over ranks too, where `syncDist`). */
  async endEpoch(strategy: Pick<Strategy, 'reduce'> & Partial<EpochMetricGroup>, stage: Stage = this.stage): Promise<LoggedValues> {
    await this.endStep();
    const acc = this.epochs.get(stage) ?? new Map<string, Accumulator>();
    this.epochs.delete(stage);
    const logged: Record<string, number> = {};
    const progBar: Record<string, number> = {};
    for (const [name, a] of acc) {
      let v = a.reduceFx === 'mean' ? a.sum / a.weight : a.reduceFx === 'sum' ? a.sum : a.reduceFx === 'max' ? a.max : a.min;
      if (a.syncDist) v = await syncOverRanks(strategy, a, v);
      const key = a.both ? `${name}_epoch` : name;
      this.callbackMetrics[key] = v;
      if (a.both) this.callbackMetrics[name] = v;
      if (a.logger) logged[key] = v;
      if (a.progBar) progBar[name] = this.progBarMetrics[name] = v;
    }
    const group = strategy.allGather ? (strategy as EpochMetricGroup) : undefined;
    for (const [name, v, o] of await this.metricObjects.computeAndReset(stage, group)) {
      this.callbackMetrics[name] = v;
      if (o.logger) logged[name] = v;
      if (o.progBar) progBar[name] = this.progBarMetrics[name] = v;
    }
    return { logged, progBar };
  }

  private accumulate(p: Pending, v: number, both: boolean): void {
    let epoch = this.epochs.get(this.stage);
    if (!epoch) this.epochs.set(this.stage, (epoch = new Map()));
    let a = epoch.get(p.name);
    if (!a) {
      a = { reduceFx: p.opts.reduceFx, syncDist: p.opts.syncDist, progBar: p.opts.progBar, logger: p.opts.logger, both, sum: 0, weight: 0, max: -Infinity, min: Infinity };
      epoch.set(p.name, a);
    }
    const w = p.opts.batchSize;
    a.sum += a.reduceFx === 'mean' ? v * w : v;
    a.weight += w;
    a.max = Math.max(a.max, v);
    a.min = Math.min(a.min, v);
  }

}

/**
 * A syncDist epoch value over the ranks. A mean is weighted by every rank's samples (the sum
 * of `value * batchSize` and of `batchSize`, all-reduced together), so ranks with different
 * sample counts give exactly the one-device mean; sum/max/min reduce as they say.
 */
async function syncOverRanks(strategy: Pick<Strategy, 'reduce'>, a: Accumulator, v: number): Promise<number> {
  const mean = a.reduceFx === 'mean';
  const t = mean ? fromValues(new Float32Array([a.sum, a.weight]), [2]) : scalar(v);
  const r = await strategy.reduce(t, mean ? 'sum' : (a.reduceFx as Exclude<ReduceFx, 'mean'>));
  try {
    const out = await r.data();
    return mean ? out[0] / out[1] : out[0];
  } finally {
    if (r !== t) r.dispose();
    t.dispose();
  }
}

async function readAndDispose(t: Tensor): Promise<number> {
  try {
    return await t.item();
  } finally {
    t.dispose();
  }
}
