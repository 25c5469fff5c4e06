import { averageScores, f1Ratio, perClass } from './average-scores.js';
import { StatScores } from './stat-scores.js';

/**
 * F1 = 2 tp / (2 tp + fp + fn), the harmonic mean of precision and recall (torchmetrics'
 * `F1Score`, sklearn's `f1_score`).
 * binary: of the positive class; multiclass/multilabel: averaged with `average` (default 'macro').
 */
export class F1Score extends StatScores {
  protected computeValue(): number {
    const c = this.counts();
    return this.cfg.task === 'binary' ? perClass(c, f1Ratio)[0] : averageScores(c, f1Ratio, this.cfg.average);
  }

  /** The value of every class (label), torchmetrics' `average=None`. */
  async computePerClass(): Promise<number[]> {
    await this.compute();
    return perClass(this.counts(), f1Ratio);
  }
}
