import { averageScores, precisionRatio, perClass } from './average-scores.js';
import { StatScores } from './stat-scores.js';

/**
 * Precision, tp / (tp + fp) (torchmetrics' `Precision`, sklearn's `precision_score`).
 * binary: of the positive class; multiclass/multilabel: averaged with `average` (default 'macro').
 */
export class Precision extends StatScores {
  protected computeValue(): number {
    const c = this.counts();
    return this.cfg.task === 'binary' ? perClass(c, precisionRatio)[0] : averageScores(c, precisionRatio, this.cfg.average);
  }

  /** The value of every class (label), torchmetrics' `average=None`. */
  async computePerClass(): Promise<number[]> {
    await this.compute();
    return perClass(this.counts(), precisionRatio);
  }
}
