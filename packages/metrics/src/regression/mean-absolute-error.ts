import { ErrorSum } from './error-sum.js';

/** torchmetrics' `MeanAbsoluteError` (sklearn's `mean_absolute_error`); NaN before any update. */
export class MeanAbsoluteError extends ErrorSum {
  protected error(diff: number): number {
    return Math.abs(diff);
  }

  protected computeValue(): number {
    return this.mean();
  }
}
