import { Tensor, type DType } from '@flint/core';
import { Metric, type HostInput } from '../metric.js';
import { MetricError } from '../metric-error.js';

/** What a NaN value does: stays in (the mean becomes NaN), is left out, or throws. */
export type NanStrategy = 'propagate' | 'ignore' | 'error';

export interface MeanMetricOptions {
  /** Default 'propagate' (a NaN loss shows as NaN, which EarlyStopping's checkFinite catches). */
  readonly nanStrategy?: NanStrategy;
}

const host = (x: number): HostInput => ({ values: Float64Array.of(x), shape: [], dtype: 'float64' as DType });

/**
 * torchmetrics' `MeanMetric`: the weighted mean of every value given to `update`. A 0-d value
 * (a batch loss) counts once with its weight; a vector counts per element, and its dim 0 is
 * per sample, so `sync` drops `DistributedSampler` padding from it.
 */
export class MeanMetric extends Metric<number> {
  private readonly nanStrategy: NanStrategy;

  constructor(opts: MeanMetricOptions = {}) {
    super();
    this.nanStrategy = opts.nanStrategy ?? 'propagate';
    if (!['propagate', 'ignore', 'error'].includes(this.nanStrategy)) throw new MetricError(`MeanMetric: nanStrategy must be 'propagate', 'ignore' or 'error', got '${this.nanStrategy}'`);
    this.state.addSum('meanValue', 1);
    this.state.addSum('weight', 1);
  }

  /** Adds `value` (number or tensor) with `weight` (a number, or a tensor of value's shape; default 1). */
  update(value: Tensor | number, weight: Tensor | number = 1): void {
    const v = value instanceof Tensor ? value : host(value);
    const w = weight instanceof Tensor ? weight : host(weight);
    if (w.shape.length !== 0 && w.shape.join(',') !== v.shape.join(',')) {
      throw new MetricError(`MeanMetric.update: weight [${w.shape.join(',')}] must be a scalar or have value's shape [${v.shape.join(',')}]`);
    }
    this.enqueue([v, w], v.shape.length === 0 ? null : v.shape[0]);
  }

  protected fold([v, w]: readonly HostInput[], rows: number | null): void {
    const per = v.shape.length === 0 ? 1 : (v.values.length / v.shape[0]) | 0;
    const m = rows === null ? v.values.length : rows * per;
    let sum = 0, weight = 0;
    for (let i = 0; i < m; i++) {
      const x = v.values[i];
      const wi = w.shape.length === 0 ? w.values[0] : w.values[i];
      if (Number.isNaN(x) || Number.isNaN(wi)) {
        if (this.nanStrategy === 'error') throw new MetricError(`MeanMetric.update: value ${i} is NaN (nanStrategy 'error')`);
        if (this.nanStrategy === 'ignore') continue;
      }
      sum += x * wi;
      weight += wi;
    }
    this.state.sum('meanValue')[0] += sum;
    this.state.sum('weight')[0] += weight;
  }

  protected computeValue(): number {
    const w = this.state.sum('weight')[0];
    return w === 0 ? NaN : this.state.sum('meanValue')[0] / w;
  }
}
