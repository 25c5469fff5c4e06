import { averageScores, recallRatio, perClass } from './average-scores.js';
import { StatScores } from './stat-scores.js';

/**
 * Recall, tp / (tp + fn) (torchmetrics' `Recall`, sklearn's `recall_score`).
 * binary: of the positive class; multiclass/multilabel: averaged with `average` (default 'macro').
 */
export class Recall extends StatScores {
  protected computeValue(): number {
    const c = this.counts();
    return this.cfg.task === 'binary' ? perClass(c, recallRatio)[0] : averageScores(c, recallRatio, this.cfg.average);
  }

  /** The value of every class (label), torchmetrics' `average=None`. */
  async computePerClass(): Promise<number[]> {
    await this.compute();
    return perClass(this.counts(), recallRatio);
  }
}
