import { Tensor, type Strategy } from '@flint/core';
import type { Stage } from '../events/trainer-event.js';
import type { LoggableMetric } from '../module/loggable-metric.js';

/** How a logged metric object is reported at epoch end. */
export interface EpochMetricOptions {
  readonly progBar: boolean;
  readonly logger: boolean;
}

/** The group epoch-end sync runs over: the trainer's strategy. */
export type EpochMetricGroup = Pick<Strategy, 'rank' | 'worldSize' | 'allGather'>;

/**
 * Metric objects given to `this.log` (Lightning's `_ResultMetric` for torchmetrics): each is
 * remembered per stage under its name, and at the stage's epoch end synced over the ranks
 * (dropping `DistributedSampler` padding), computed and reset, on every rank.
 */
export class EpochMetrics {
  private readonly stages = new Map<Stage, Map<string, { metric: LoggableMetric; opts: EpochMetricOptions; datasetSize: number | undefined }>>();
  private readonly datasetSizes = new Map<Stage, number>();

  add(stage: Stage, name: string, metric: LoggableMetric, opts: EpochMetricOptions): void {
    let m = this.stages.get(stage);
    if (!m) this.stages.set(stage, (m = new Map()));
    m.set(name, { metric, opts, datasetSize: this.datasetSizes.get(stage) });
  }

  /** Forgets the stage's metrics (a new epoch of it begins). */
  clear(stage: Stage): void {
    this.stages.delete(stage);
  }

  /**
   * The length of the dataset a `DistributedSampler` splits for the loader `stage` runs now
   * (undefined: no padding); metrics logged from then on drop that loader's padding.
   */
  setDatasetSize(stage: Stage, size: number | undefined): void {
    if (size === undefined) this.datasetSizes.delete(stage);
    else this.datasetSizes.set(stage, size);
  }

  /** Syncs, computes and resets the stage's metrics; returns name -> value with their options. */
  async computeAndReset(stage: Stage, group: EpochMetricGroup | undefined): Promise<[string, number, EpochMetricOptions][]> {
    const entries = this.stages.get(stage);
    this.stages.delete(stage);
    if (!entries) return [];
    const out: [string, number, EpochMetricOptions][] = [];
    for (const [name, { metric, opts, datasetSize }] of entries) {
      if (group && group.worldSize > 1) {
        if (!metric.sync) throw new TypeError(`log('${name}'): the metric has no sync(group), so its value would be this rank's alone under ${group.worldSize} ranks`);
        await metric.sync(group, { datasetSize });
      }
      const value = await metric.compute();
      metric.reset();
      out.push([name, await toNumber(name, value), opts]);
    }
    return out;
  }
}

async function toNumber(name: string, v: unknown): Promise<number> {
  if (typeof v === 'number') return v;
  if (v instanceof Tensor && v.size === 1) return v.item();
  throw new TypeError(`log('${name}'): the metric's compute() must give a number to log, got ${Array.isArray(v) ? 'an array' : typeof v}`);
}
