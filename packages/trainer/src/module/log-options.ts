/** How a value given to `this.log` is aggregated. */
export type ReduceFx = 'mean' | 'sum' | 'max' | 'min';

/** Options of `LightningModule.log` (Lightning's names). */
export interface LogOptions {
  /** Log this step's value (default: true in training, false in evaluation). */
  onStep?: boolean;
  /** Aggregate over the epoch and log at its end (default: false in training, true in evaluation). */
  onEpoch?: boolean;
  /** Show in the progress bar. */
  progBar?: boolean;
  /** Send to loggers (default true). */
  logger?: boolean;
  /** Reduce the epoch value over ranks through the strategy. */
  syncDist?: boolean;
  /** Epoch aggregation (default 'mean', weighted by `batchSize`). */
  reduceFx?: ReduceFx;
  /** Weight of this value in the epoch mean (default 1). */
  batchSize?: number;
}
