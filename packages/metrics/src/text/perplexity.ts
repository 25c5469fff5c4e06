import { isFloat, type Tensor } from '@flint/core';
import { Metric, type HostInput } from '../metric.js';
import { MetricError } from '../metric-error.js';

export interface PerplexityOptions {
  /** Target value whose positions are left out (padding), like cross entropy's `ignoreIndex`. */
  readonly ignoreIndex?: number;
}

/**
 * torchmetrics' `Perplexity`: exp of the mean negative log-likelihood of `target` under the
 * softmax of `preds` logits, [N, T, V] against [N, T] (or [N, V] against [N]); NaN before any token.
 */
export class Perplexity extends Metric<number> {
  private readonly ignoreIndex: number | undefined;

  constructor(opts: PerplexityOptions = {}) {
    super();
    this.ignoreIndex = opts.ignoreIndex;
    this.state.addSum('totalLogProb', 1);
    this.state.addSum('count', 1);
  }

  update(preds: Tensor, target: Tensor): void {
    const p = preds.shape;
    const t = target.shape;
    const ok = isFloat(preds.dtype) && !isFloat(target.dtype) && p.length === t.length + 1 && (p.length === 2 || p.length === 3) && t.every((d, i) => d === p[i]);
    if (!ok) throw new MetricError(`Perplexity.update: takes float logits [N, T, V] and integer target [N, T] (or [N, V] and [N]), got ${preds.dtype} [${p.join(',')}] and ${target.dtype} [${t.join(',')}]`);
    this.enqueue([preds, target], p[0]);
  }

  protected fold([p, t]: readonly HostInput[], rows: number | null): void {
    const v = p.shape[p.shape.length - 1];
    const perRow = p.shape.length === 3 ? p.shape[1] : 1;
    const tokens = (rows ?? p.shape[0]) * perRow;
    let nll = 0, count = 0;
    for (let i = 0; i < tokens; i++) {
      const y = t.values[i];
      if (y === this.ignoreIndex) continue;
      if (!Number.isInteger(y) || y < 0 || y >= v) throw new MetricError(`Perplexity.update: target must hold token ids in [0, ${v}), got ${y} at flat index ${i}`);
      let max = -Infinity;
      for (let k = 0; k < v; k++) max = Math.max(max, p.values[i * v + k]);
      let z = 0;
      for (let k = 0; k < v; k++) z += Math.exp(p.values[i * v + k] - max);
      nll += Math.log(z) + max - p.values[i * v + y];
      count++;
    }
    this.state.sum('totalLogProb')[0] += nll;
    this.state.sum('count')[0] += count;
  }

  protected computeValue(): number {
    const count = this.state.sum('count')[0];
    return count === 0 ? NaN : Math.exp(this.state.sum('totalLogProb')[0] / count);
  }
}
