import { binaryAveragePrecision } from './binary-ranking.js';
import { RankingMetric } from './ranking-metric.js';

/**
 * Area under the precision-recall curve as a step sum (torchmetrics' `AveragePrecision`,
 * sklearn's `average_precision_score`; multiclass one-vs-rest). NaN for a class without positives.
 */
export class AveragePrecision extends RankingMetric {
  protected binary(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
    return binaryAveragePrecision(scores, labels);
  }
}
