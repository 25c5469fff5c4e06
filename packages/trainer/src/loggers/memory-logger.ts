import type { Metrics, TrainerEvent } from '../events/trainer-event.js';
import type { Logger } from './logger.js';

/** One logged row: the step it was logged at and its metrics. */
export interface LoggedRow {
  readonly step: number;
  readonly epoch: number;
  readonly metrics: Metrics;
}

/**
 * Keeps every logged row in memory (`rows`), for browsers, notebooks and tests: no files.
 * `hparams` holds the module's saved hyperparameters of the last fit.
 */
export class MemoryLogger implements Logger {
  readonly name = 'MemoryLogger';
  readonly rows: LoggedRow[] = [];
  hparams: Readonly<Record<string, unknown>> = {};

  async open(): Promise<void> {
    // Nothing to open: rows stay in memory.
  }

  onEvent(e: TrainerEvent): void {
    if (e.type === 'fitStart') this.hparams = e.hparams;
    else if (e.type === 'metrics') this.rows.push({ step: e.step, epoch: e.epoch, metrics: e.metrics });
  }

  /** The values of one metric, in the order they were logged, with their steps. */
  series(name: string): { step: number; value: number }[] {
    return this.rows.filter((r) => name in r.metrics).map((r) => ({ step: r.step, value: r.metrics[name] }));
  }

  async flush(): Promise<void> {
    // Rows are in memory as soon as they are observed.
  }
}
