import { FlintError } from '../tensor/errors.js';

/** A strict `loadStateDict` found keys it could not match; lists every one, sorted. */
export class StateDictError extends FlintError {
  constructor(
    readonly missingKeys: readonly string[],
    readonly unexpectedKeys: readonly string[],
    hint = '',
  ) {
    const parts: string[] = [];
    if (missingKeys.length) parts.push(`Missing key(s): ${missingKeys.map((k) => `"${k}"`).join(', ')}.`);
    if (unexpectedKeys.length) parts.push(`Unexpected key(s): ${unexpectedKeys.map((k) => `"${k}"`).join(', ')}.`);
    super(`Error(s) in loading state dict: ${parts.join(' ')}${hint}`);
  }
}
