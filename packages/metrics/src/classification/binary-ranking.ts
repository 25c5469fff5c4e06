/**
 * The curve points of a binary ranking, sklearn's `_binary_clf_curve`: cumulative true and
 * false positives at each distinct score, highest first.
 */
function clfCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): { tps: number[]; fps: number[] } {
  const order = Array.from(scores, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const tps: number[] = [];
  const fps: number[] = [];
  let tp = 0, fp = 0;
  for (let j = 0; j < order.length; j++) {
    if (labels[order[j]] === 1) tp++;
    else fp++;
    if (j === order.length - 1 || scores[order[j + 1]] !== scores[order[j]]) {
      tps.push(tp);
      fps.push(fp);
    }
  }
  return { tps, fps };
}

/** Area under the ROC curve (trapezoids over distinct thresholds); NaN without both classes. */
export function binaryAuroc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const { tps, fps } = clfCurve(scores, labels);
  const P = tps.at(-1) ?? 0;
  const N = fps.at(-1) ?? 0;
  if (P === 0 || N === 0) return NaN;
  let area = 0, prevTpr = 0, prevFpr = 0;
  for (let i = 0; i < tps.length; i++) {
    const tpr = tps[i] / P;
    const fpr = fps[i] / N;
    area += ((fpr - prevFpr) * (tpr + prevTpr)) / 2;
    prevTpr = tpr;
    prevFpr = fpr;
  }
  return area;
}

/** sklearn's `average_precision_score`: sum of (R_n - R_{n-1}) P_n; NaN without positives. */
export function binaryAveragePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const { tps, fps } = clfCurve(scores, labels);
  const P = tps.at(-1) ?? 0;
  if (P === 0) return NaN;
  let ap = 0, prevRecall = 0;
  for (let i = 0; i < tps.length; i++) {
    const recall = tps[i] / P;
    ap += (recall - prevRecall) * (tps[i] / (tps[i] + fps[i]));
    prevRecall = recall;
  }
  return ap;
}
