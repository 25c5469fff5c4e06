import '../di/reflect-polyfill.js';
import { inject, injectable } from 'tsyringe';
import type { Reporter } from './reporter.js';
import { REPORTER } from '../di/tokens.js';

/**
 * Counts errors thrown by event observers and reports the first one of each observer, so a
 * broken logger is visible once and does not flood the output or stop training.
 */
@injectable()
export class ObserverErrors {
  private readonly counts = new Map<string, number>();

  constructor(@inject(REPORTER) private readonly reporter: Reporter) {}

  record(observer: string, error: unknown): void {
    const n = (this.counts.get(observer) ?? 0) + 1;
    this.counts.set(observer, n);
    if (n === 1) {
      const msg = error instanceof Error ? error.message : String(error);
      this.reporter.warn(`flint: event observer '${observer}' threw (training goes on; further errors of it are counted): ${msg}`);
    }
  }

  /** Errors of `observer` so far (all observers when omitted). */
  count(observer?: string): number {
    if (observer !== undefined) return this.counts.get(observer) ?? 0;
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }
}
