import type { Tensor } from '@flint/core';
import { Metric, type HostInput } from '../metric.js';
import { MetricError } from '../metric-error.js';

/** Base of the mean-error metrics: the sum of `error(pred - target)` and the element count. */
export abstract class ErrorSum extends Metric<number> {
  constructor() {
    super();
    this.state.addSum('sumError', 1);
    this.state.addSum('total', 1);
  }

  /** Adds `preds` against `target` (same shape; dim 0 is the sample when there is one). */
  update(preds: Tensor, target: Tensor): void {
    if (preds.shape.join(',') !== target.shape.join(',')) {
      throw new MetricError(`${this.constructor.name}.update: preds [${preds.shape.join(',')}] and target [${target.shape.join(',')}] must have the same shape`);
    }
    this.enqueue([preds, target], preds.shape.length === 0 ? null : preds.shape[0]);
  }

  protected abstract error(diff: number): number;

  protected fold([p, t]: readonly HostInput[], rows: number | null): void {
    const per = p.shape.length === 0 ? 1 : (p.values.length / p.shape[0]) | 0;
    const m = rows === null ? p.values.length : rows * per;
    let s = 0;
    for (let i = 0; i < m; i++) s += this.error(p.values[i] - t.values[i]);
    this.state.sum('sumError')[0] += s;
    this.state.sum('total')[0] += m;
  }

  protected mean(): number {
    const total = this.state.sum('total')[0];
    return total === 0 ? NaN : this.state.sum('sumError')[0] / total;
  }
}
