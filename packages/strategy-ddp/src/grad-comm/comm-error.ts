import { CollectiveMismatchError, CollectiveTimeoutError, RankFailedError } from '../errors.js';

/** A collective's failure as plain data, so it can cross from the communication thread. */
type ErrorRecord =
  | { readonly kind: 'timeout'; readonly collective: string; readonly missingRanks: number[]; readonly timeoutMs: number }
  | { readonly kind: 'failed'; readonly collective: string; readonly failedRank: number; readonly reason: string }
  | { readonly kind: 'mismatch'; readonly message: string }
  | { readonly kind: 'other'; readonly name: string; readonly message: string };

function toRecord(e: unknown): ErrorRecord {
  if (e instanceof CollectiveTimeoutError) return { kind: 'timeout', collective: e.collective, missingRanks: [...e.missingRanks], timeoutMs: e.timeoutMs };
  if (e instanceof RankFailedError) return { kind: 'failed', collective: e.collective, failedRank: e.failedRank, reason: e.reason };
  if (e instanceof CollectiveMismatchError) return { kind: 'mismatch', message: e.message };
  if (e instanceof Error) return { kind: 'other', name: e.name, message: e.message };
  return { kind: 'other', name: 'Error', message: String(e) };
}

/** Writes `e` into `reason` (UTF-8 JSON, zero padded; a long message is cut to fit). */
export function writeCommError(reason: SharedArrayBuffer, e: unknown): void {
  const bytes = new Uint8Array(reason);
  const rec = toRecord(e);
  let json = JSON.stringify(rec);
  if (json.length * 3 > bytes.length && (rec.kind === 'mismatch' || rec.kind === 'other' || rec.kind === 'failed')) {
    const cut = (s: string): string => s.slice(0, Math.floor(bytes.length / 4));
    json = JSON.stringify(rec.kind === 'failed' ? { ...rec, reason: cut(rec.reason) } : { ...rec, message: cut(rec.message) });
  }
  bytes.fill(0);
  new TextEncoder().encodeInto(json, bytes);
}

/** The typed error `writeCommError` stored. */
export function readCommError(reason: SharedArrayBuffer): Error {
  const text = new TextDecoder().decode(new Uint8Array(reason)).replace(/\0+$/, '');
  const rec = JSON.parse(text) as ErrorRecord;
  switch (rec.kind) {
    case 'timeout':
      return new CollectiveTimeoutError(rec.collective, rec.missingRanks, rec.timeoutMs);
    case 'failed':
      return new RankFailedError(rec.collective, rec.failedRank, rec.reason);
    case 'mismatch':
      return new CollectiveMismatchError(rec.message);
    default: {
      const e = new Error(rec.message);
      e.name = rec.name;
      return e;
    }
  }
}
