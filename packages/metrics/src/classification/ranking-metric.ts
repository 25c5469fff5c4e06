import { isFloat, type Tensor } from '@flint/core';
import { Metric, type HostInput } from '../metric.js';
import { MetricError } from '../metric-error.js';
import { binaryProbabilities, checkBinaryTarget, checkClassificationShapes, checkClassTarget, classProbabilities } from './classification-inputs.js';
import { resolveClassification, type ClassificationTask, type ResolvedClassification } from './classification-task.js';

/** How per-class (per-label) areas become one number: unweighted or weighted by positives. */
export type RankingAverage = 'macro' | 'weighted';

export interface RankingOptions {
  readonly task: ClassificationTask;
  readonly numClasses?: number;
  readonly numLabels?: number;
  /** Default 'macro'. */
  readonly average?: RankingAverage;
}

/**
 * Base of the threshold-free metrics (AUROC, AveragePrecision): keeps every score and target
 * (torchmetrics' `thresholds=None`, exact like sklearn), one-vs-rest per class for multiclass.
 */
export abstract class RankingMetric extends Metric<number> {
  protected readonly cfg: ResolvedClassification;
  private readonly average: RankingAverage;

  constructor(opts: RankingOptions) {
    super();
    this.cfg = resolveClassification(this.constructor.name, { task: opts.task, numClasses: opts.numClasses, numLabels: opts.numLabels });
    this.average = opts.average ?? 'macro';
    if (this.average !== 'macro' && this.average !== 'weighted') throw new MetricError(`${this.constructor.name}: average must be 'macro' or 'weighted', got '${String(this.average)}'`);
    this.state.addCat('preds');
    this.state.addCat('target');
  }

  /** binary: probabilities or logits [N]; multiclass: scores [N, C] (softmax unless probabilities); multilabel: [N, L]. */
  update(preds: Tensor, target: Tensor): void {
    const n = checkClassificationShapes(this.constructor.name, this.cfg, preds, target);
    if (!isFloat(preds.dtype) || (this.cfg.task === 'multiclass' && preds.shape.length !== 2)) {
      throw new MetricError(`${this.constructor.name}.update: preds must be float scores${this.cfg.task === 'multiclass' ? ` [N, ${this.cfg.classes}]` : ''}, got ${preds.dtype} [${preds.shape.join(',')}]`);
    }
    this.enqueue([preds, target], n);
  }

  /** The binary metric of scores against 0/1 labels. */
  protected abstract binary(scores: ArrayLike<number>, labels: ArrayLike<number>): number;

  protected fold([p, t]: readonly HostInput[], rows: number | null): void {
    const n = rows ?? p.shape[0];
    const c = this.cfg.classes;
    const per = this.cfg.task === 'binary' ? (p.values.length / p.shape[0]) | 0 : c;
    if (this.cfg.task === 'multiclass') checkClassTarget(this.constructor.name, t, n, c);
    else checkBinaryTarget(this.constructor.name, t, n * per);
    const prob = this.cfg.task === 'multiclass' ? classProbabilities(p, n, c) : binaryProbabilities(p, n * per);
    const preds = this.state.cat('preds');
    const target = this.state.cat('target');
    for (let i = 0; i < n * per; i++) preds.push(prob[i]);
    for (let i = 0; i < (this.cfg.task === 'multiclass' ? n : n * per); i++) target.push(t.values[i]);
  }

  protected computeValue(): number {
    const preds = this.state.cat('preds');
    const target = this.state.cat('target');
    if (this.cfg.task === 'binary') return this.binary(preds, target);
    const c = this.cfg.classes;
    const n = preds.length / c;
    let sum = 0, weights = 0;
    for (let k = 0; k < c; k++) {
      const scores = new Float64Array(n);
      const labels = new Float64Array(n);
      for (let r = 0; r < n; r++) {
        scores[r] = preds[r * c + k];
        labels[r] = this.cfg.task === 'multiclass' ? (target[r] === k ? 1 : 0) : target[r * c + k];
      }
      const w = this.average === 'weighted' ? labels.reduce((a, b) => a + b, 0) : 1;
      sum += w === 0 ? 0 : w * this.binary(scores, labels);
      weights += w;
    }
    return sum / weights;
  }
}
