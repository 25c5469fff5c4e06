import { accuracyRatio, averageScores, perClass, recallRatio } from './average-scores.js';
import { StatScores } from './stat-scores.js';

/**
 * torchmetrics' `Accuracy`. binary: (tp + tn) / all. multiclass: the share of samples whose
 * target is among the `topK` highest scores ('micro'), or that share per class averaged
 * ('macro', the default, = balanced accuracy; 'weighted' by support). multilabel: per label
 * (tp + tn) / all, averaged over labels ('micro' pools every label decision).
 */
export class Accuracy extends StatScores {
  protected computeValue(): number {
    const c = this.counts();
    if (this.cfg.task === 'binary') return perClass(c, accuracyRatio)[0];
    return averageScores(c, this.cfg.task === 'multiclass' ? recallRatio : accuracyRatio, this.cfg.average);
  }

  /** The accuracy of every class (label). */
  async computePerClass(): Promise<number[]> {
    await this.compute();
    return perClass(this.counts(), this.cfg.task === 'multiclass' ? recallRatio : accuracyRatio);
  }
}
