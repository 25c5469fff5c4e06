import { MisconfigurationError } from '../trainer/misconfiguration-error.js';

/**
 * Lightning's `limit_*_batches`: an integer count, or a share of the loader. A number in (0, 1)
 * is a share; `1` is ambiguous in JavaScript (no `1.0`), so it counts as "all", and an explicit
 * share is written `'25%'` or `{ fraction: 0.25 }` (`'100%'` / `{ fraction: 1 }`: all of it).
 */
export type BatchLimit = number | `${number}%` | { readonly fraction: number };

/** A limit as a count or a share in [0, 1]. */
export type NormalizedLimit = { readonly count: number } | { readonly fraction: number };

/** Reads a `BatchLimit` (`what` names the option in errors). */
export function normalizeLimit(limit: BatchLimit, what: string): NormalizedLimit {
  if (typeof limit === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(limit);
    if (!m) throw new MisconfigurationError(`${what}: '${limit}' is not a percentage such as '50%'`);
    return share(Number(m[1]) / 100, `'${limit}'`, what);
  }
  if (typeof limit === 'object' && limit !== null) return share(limit.fraction, JSON.stringify(limit), what);
  if (!(limit >= 0)) throw new MisconfigurationError(`${what} must be >= 0, got ${limit}`);
  if (Number.isInteger(limit) && limit !== 1) return { count: limit };
  if (limit > 1) throw new MisconfigurationError(`${what} must be an integer count or a fraction in [0, 1], got ${limit}`);
  return { fraction: limit };
}

function share(fraction: number, given: string, what: string): NormalizedLimit {
  if (!(fraction >= 0 && fraction <= 1)) throw new MisconfigurationError(`${what}: ${given} is not a share between 0% and 100%`);
  return { fraction };
}
