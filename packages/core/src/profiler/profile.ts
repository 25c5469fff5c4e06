import { OpProfile } from './op-profile.js';
import type { ProfileReport } from './profile-report.js';

/** The value `fn` returned and what its kernels cost. */
export interface Profiled<T> {
  readonly result: T;
  readonly report: ProfileReport;
}

/**
 * Runs `fn` (sync or async) and reports every kernel it dispatched: per op and backend, the
 * call count, total and mean time and bytes allocated, plus Chrome trace events. Time is the
 * device's own (`timing: 'gpu'`) on a backend with a device clock (WebGPU with timestamp
 * queries), which this waits for, else wall time around the kernel call. Kernels
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
    return { result, report: await p.finish() };
  } finally {
    p.stop();
  }
}
