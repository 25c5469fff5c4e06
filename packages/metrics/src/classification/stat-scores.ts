import type { Tensor } from '@flint/core';
import { Metric, type HostInput } from '../metric.js';
import { binaryProbabilities, checkBinaryTarget, checkClassificationShapes, checkClassTarget, topKOfRow } from './classification-inputs.js';
import { resolveClassification, type ClassificationOptions, type ResolvedClassification } from './classification-task.js';

/** Per-class counts: true/false positives and negatives. */
export interface StatCounts {
  readonly tp: Float64Array;
  readonly fp: Float64Array;
  readonly tn: Float64Array;
  readonly fn: Float64Array;
}

/**
 * torchmetrics' `StatScores`: accumulates tp, fp, tn, fn per class (one "class" for binary,
 * one per label for multilabel); Accuracy, Precision, Recall and F1Score are ratios of them.
 */
export abstract class StatScores extends Metric<number> {
  protected readonly cfg: ResolvedClassification;
  private readonly topK: Int32Array;

  constructor(opts: ClassificationOptions) {
    super();
    this.cfg = resolveClassification(this.constructor.name, opts);
    for (const k of ['tp', 'fp', 'tn', 'fn']) this.state.addSum(k, this.cfg.classes);
    this.topK = new Int32Array(this.cfg.topK);
  }

  /** Adds a batch: `preds` scores, probabilities, logits or labels; `target` labels (see README). */
  update(preds: Tensor, target: Tensor): void {
    const n = checkClassificationShapes(this.constructor.name, this.cfg, preds, target);
    this.enqueue([preds, target], n);
  }

  /** The counts so far (after `compute` or `sync` has folded every update). */
  protected counts(): StatCounts {
    const s = this.state;
    return { tp: s.sum('tp'), fp: s.sum('fp'), tn: s.sum('tn'), fn: s.sum('fn') };
  }

  protected fold([p, t]: readonly HostInput[], rows: number | null): void {
    const n = rows ?? p.shape[0];
    const { tp, fp, tn, fn } = this.counts();
    const name = this.constructor.name;
    const c = this.cfg.classes;
    if (this.cfg.task === 'multiclass') {
      checkClassTarget(name, t, n, c);
      const scores = p.shape.length === 2;
      if (!scores) checkClassTarget(name, p, n, c, 'preds');
      // tn[k]: rows where k is neither predicted nor the target; start from n, take those off.
      for (let k = 0; k < c; k++) tn[k] += n;
      for (let r = 0; r < n; r++) {
        const y = t.values[r];
        if (scores) topKOfRow(p.values, r, c, this.cfg.topK, this.topK);
        else this.topK[0] = p.values[r];
        let hit = false;
        for (const k of this.topK) {
          tn[k]--;
          if (k === y) hit = true;
          else fp[k]++;
        }
        if (hit) tp[y]++;
        else {
          fn[y]++;
          tn[y]--;
        }
      }
      return;
    }
    // binary, multilabel: every element is a 0/1 decision of class (flat index % c).
    const per = (p.values.length / p.shape[0]) | 0;
    const m = n * per;
    checkBinaryTarget(name, t, m);
    const prob = binaryProbabilities(p, m);
    for (let i = 0; i < m; i++) {
      const k = this.cfg.task === 'binary' ? 0 : i % c;
      const pos = prob[i] >= this.cfg.threshold;
      if (t.values[i] === 1) {
        if (pos) tp[k]++;
        else fn[k]++;
      } else if (pos) fp[k]++;
      else tn[k]++;
    }
  }
}
