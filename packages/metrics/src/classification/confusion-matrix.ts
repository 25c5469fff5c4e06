import type { Tensor } from '@flint/core';
import { Metric, type HostInput } from '../metric.js';
import { MetricError } from '../metric-error.js';
import { binaryProbabilities, checkBinaryTarget, checkClassificationShapes, checkClassTarget } from './classification-inputs.js';
import { resolveClassification, type ClassificationTask, type ResolvedClassification } from './classification-task.js';

/** How the matrix is normalised: over true labels (rows), predictions (columns), everything, or not. */
export type ConfusionNormalize = 'true' | 'pred' | 'all' | 'none';

export interface ConfusionMatrixOptions<T extends ClassificationTask> {
  readonly task: T;
  readonly numClasses?: number;
  readonly numLabels?: number;
  readonly threshold?: number;
  /** Default 'none' (counts). */
  readonly normalize?: ConfusionNormalize;
}

/** binary/multiclass: [true][pred]; multilabel: one 2x2 matrix per label (sklearn's `multilabel_confusion_matrix`). */
export type ConfusionMatrixValue<T extends ClassificationTask> = T extends 'multilabel' ? number[][][] : number[][];

/**
 * torchmetrics' `ConfusionMatrix` (sklearn's `confusion_matrix`): entry [i][j] counts samples of
 * true class i predicted as j. Multiclass preds are scores [N, C] (argmax) or labels [N].
 */
export class ConfusionMatrix<T extends ClassificationTask = 'multiclass'> extends Metric<ConfusionMatrixValue<T>> {
  private readonly cfg: ResolvedClassification;
  private readonly normalize: ConfusionNormalize;
  private readonly size: number;

  constructor(opts: ConfusionMatrixOptions<T>) {
    super();
    this.cfg = resolveClassification('ConfusionMatrix', opts);
    this.normalize = opts.normalize ?? 'none';
    if (!['true', 'pred', 'all', 'none'].includes(this.normalize)) throw new MetricError(`ConfusionMatrix: normalize must be 'true', 'pred', 'all' or 'none', got '${this.normalize}'`);
    this.size = this.cfg.task === 'multiclass' ? this.cfg.classes : 2;
    this.state.addSum('confmat', this.cfg.task === 'multilabel' ? this.cfg.classes * 4 : this.size * this.size);
  }

  update(preds: Tensor, target: Tensor): void {
    this.enqueue([preds, target], checkClassificationShapes('ConfusionMatrix', this.cfg, preds, target));
  }

  protected fold([p, t]: readonly HostInput[], rows: number | null): void {
    const n = rows ?? p.shape[0];
    const m = this.state.sum('confmat');
    const c = this.cfg.classes;
    if (this.cfg.task === 'multiclass') {
      checkClassTarget('ConfusionMatrix', t, n, c);
      const scores = p.shape.length === 2;
      if (!scores) checkClassTarget('ConfusionMatrix', p, n, c, 'preds');
      for (let r = 0; r < n; r++) {
        let pred = 0;
        if (scores) for (let k = 1; k < c; k++) pred = p.values[r * c + k] > p.values[r * c + pred] ? k : pred;
        else pred = p.values[r];
        m[t.values[r] * c + pred]++;
      }
      return;
    }
    const per = (p.values.length / p.shape[0]) | 0;
    const total = n * per;
    checkBinaryTarget('ConfusionMatrix', t, total);
    const prob = binaryProbabilities(p, total);
    for (let i = 0; i < total; i++) {
      const base = this.cfg.task === 'binary' ? 0 : (i % c) * 4;
      m[base + t.values[i] * 2 + (prob[i] >= this.cfg.threshold ? 1 : 0)]++;
    }
  }

  protected computeValue(): ConfusionMatrixValue<T> {
    const m = this.state.sum('confmat');
    const s = this.size;
    const matrices = Array.from({ length: m.length / (s * s) }, (_, l) =>
      this.normalized(Array.from({ length: s }, (_, i) => Array.from(m.subarray(l * s * s + i * s, l * s * s + (i + 1) * s)))),
    );
    return (this.cfg.task === 'multilabel' ? matrices : matrices[0]) as ConfusionMatrixValue<T>;
  }

  private normalized(mat: number[][]): number[][] {
    const div = (x: number, d: number): number => (d === 0 ? 0 : x / d);
    if (this.normalize === 'true') return mat.map((row) => row.map((x) => div(x, row.reduce((a, b) => a + b, 0))));
    if (this.normalize === 'pred') return mat.map((row) => row.map((x, j) => div(x, mat.reduce((a, r) => a + r[j], 0))));
    if (this.normalize === 'all') {
      const total = mat.flat().reduce((a, b) => a + b, 0);
      return mat.map((row) => row.map((x) => div(x, total)));
    }
    return mat;
  }
}
