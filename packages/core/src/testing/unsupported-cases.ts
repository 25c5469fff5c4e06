import type { DType } from '../tensor/dtype.js';
import { DTypeError } from '../tensor/errors.js';

/**
 * One (kernel, dtype) pair a backend declares it does not run, with the reason; `'*'` is every
 * kernel. Backends keep these in one table (`UNSUPPORTED` of `@flint/backend-webgpu`), which
 * the conformance suite reads.
 */
export interface UnsupportedCase {
  readonly kernel: string;
  readonly dtype: DType;
  readonly reason: string;
}

/** The entry that refuses every kernel in `dtype`, if the table has one. */
export const refusedEverywhere = (table: readonly UnsupportedCase[], dtype: DType): UnsupportedCase | undefined =>
  table.find((e) => e.kernel === '*' && e.dtype === dtype);

/**
 * The declared entry `error` is: a DTypeError that names the dtype, carries the entry's reason
 * and (for a kernel entry) starts with the kernel's name. Anything else is a real failure.
 */
export function declaredRefusal(table: readonly UnsupportedCase[], dtype: DType, error: unknown): UnsupportedCase | undefined {
  if (!(error instanceof DTypeError) || !error.message.includes(dtype)) return undefined;
  return table.find(
    (e) => e.dtype === dtype && error.message.includes(e.reason) && (e.kernel === '*' || error.message.startsWith(`${e.kernel}:`)),
  );
}

/**
 * Runs a case the table declares unsupported and returns the problems: none when the backend
 * refuses it with the declared DTypeError; one when it runs (then the table is stale, or the
 * backend ran the case somewhere else behind the user's back) or fails otherwise.
 */
export async function expectRefusal(run: () => Promise<unknown>, entry: UnsupportedCase): Promise<string[]> {
  try {
    await run();
  } catch (e) {
    if (declaredRefusal([entry], entry.dtype, e)) return [];
    return [`declared unsupported (${entry.kernel}, ${entry.dtype}) but failed otherwise: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`];
  }
  return [`declared unsupported (${entry.kernel}, ${entry.dtype}) but it ran: remove the entry from the backend's table`];
}
