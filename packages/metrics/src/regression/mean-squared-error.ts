import { ErrorSum } from './error-sum.js';

export interface MeanSquaredErrorOptions {
  /** false: the root mean squared error (default true). */
  readonly squared?: boolean;
}

/** torchmetrics' `MeanSquaredError` (sklearn's `mean_squared_error`); NaN before any update. */
export class MeanSquaredError extends ErrorSum {
  private readonly squared: boolean;

  constructor(opts: MeanSquaredErrorOptions = {}) {
    super();
    this.squared = opts.squared ?? true;
  }

  protected error(diff: number): number {
    return diff * diff;
  }

  protected computeValue(): number {
    return this.squared ? this.mean() : Math.sqrt(this.mean());
  }
}
