import { OpProfile } from './op-profile.js';
import type { ProfileReport } from './profile-report.js';

/** The value `fn` returned and what its kernels cost. */
export interface Profiled<T> {
  readonly result: T;
  readonly report: ProfileReport;
}

/**
 * Runs `fn` (sync or async) and reports every kernel it dispatched: per op and backend, the
 * call count, total and mean wall time and bytes allocated, plus Chrome trace events. Kernels
 * dispatched by other code while an async `fn` awaits are counted too. Reading results
 * (`toArray`) is not a kernel and is not counted.
 *
 * @example
 * const { report } = await profile(() => tidy(() => model.call(x)));
 * console.log(formatOpTable(report));
 */
export async function profile<T>(fn: () => T | Promise<T>, opts: { maxTraceEvents?: number } = {}): Promise<Profiled<T>> {
  const p = new OpProfile(opts.maxTraceEvents).start();
  try {
    const result = await fn();
    return { result, report: p.stop() };
  } finally {
    p.stop();
  }
}
