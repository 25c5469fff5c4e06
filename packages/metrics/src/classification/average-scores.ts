import type { ClassificationAverage } from './classification-task.js';
import type { StatCounts } from './stat-scores.js';

/** A ratio of counts; 0 when its denominator is 0 (sklearn's `zero_division=0`, torchmetrics' default). */
export type CountRatio = (tp: number, fp: number, tn: number, fn: number) => number;

const safe = (num: number, den: number): number => (den === 0 ? 0 : num / den);

export const precisionRatio: CountRatio = (tp, fp) => safe(tp, tp + fp);
export const recallRatio: CountRatio = (tp, _fp, _tn, fn) => safe(tp, tp + fn);
export const f1Ratio: CountRatio = (tp, fp, _tn, fn) => safe(2 * tp, 2 * tp + fp + fn);
export const accuracyRatio: CountRatio = (tp, fp, tn, fn) => safe(tp + tn, tp + fp + tn + fn);

/** The ratio of every class. */
export function perClass(c: StatCounts, ratio: CountRatio): number[] {
  return Array.from(c.tp, (_, k) => ratio(c.tp[k], c.fp[k], c.tn[k], c.fn[k]));
}

/**
 * One number from per-class counts: 'micro' sums the counts first, 'macro' averages the
 * per-class ratios, 'weighted' weights them by support (tp + fn), as sklearn does.
 */
export function averageScores(c: StatCounts, ratio: CountRatio, average: ClassificationAverage): number {
  const k = c.tp.length;
  if (average === 'micro') {
    let tp = 0, fp = 0, tn = 0, fn = 0;
    for (let i = 0; i < k; i++) {
      tp += c.tp[i];
      fp += c.fp[i];
      tn += c.tn[i];
      fn += c.fn[i];
    }
    return ratio(tp, fp, tn, fn);
  }
  const scores = perClass(c, ratio);
  if (average === 'macro') return scores.reduce((a, b) => a + b, 0) / k;
  let total = 0, sum = 0;
  for (let i = 0; i < k; i++) {
    const support = c.tp[i] + c.fn[i];
    total += support;
    sum += scores[i] * support;
  }
  return safe(sum, total);
}
