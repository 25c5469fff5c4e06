import { binaryAuroc } from './binary-ranking.js';
import { RankingMetric } from './ranking-metric.js';

/**
 * Area under the ROC curve (torchmetrics' `AUROC`, sklearn's `roc_auc_score`; multiclass
 * one-vs-rest). NaN when a class has no positive or no negative sample.
 */
export class AUROC extends RankingMetric {
  protected binary(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
    return binaryAuroc(scores, labels);
  }
}
