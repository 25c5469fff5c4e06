import type { Strategy } from '@flint/core';

/**
 * What `this.log(name, metric)` accepts besides numbers and tensors: a stateful metric such as
 * `@flint/metrics`' `Metric` (torchmetrics in Lightning). Duck-typed, so the trainer does not
 * depend on the metrics package: anything with `compute` and `reset` qualifies, and `sync`
 * (when present) merges the ranks' states before `compute`.
 */
export interface LoggableMetric {
  /** The value over the epoch: a number (a scalar tensor or one-element result also works). */
  compute(): Promise<unknown>;
  reset(): void;
  /**
   * Merges every rank's state (all ranks call it in the same order); `datasetSize` lets it drop
   * the samples a `DistributedSampler` repeated to pad the ranks.
   */
  sync?(group: Pick<Strategy, 'rank' | 'worldSize' | 'allGather'>, opts: { datasetSize?: number }): Promise<void>;
}

/** True for objects `this.log` treats as a metric to compute at epoch end. */
export function isLoggableMetric(v: unknown): v is LoggableMetric {
  return typeof v === 'object' && v !== null && typeof (v as LoggableMetric).compute === 'function' && typeof (v as LoggableMetric).reset === 'function';
}
