import { CliUsageError } from '../errors.js';
import type { FlagSpec, FlagValue } from './flag-spec.js';

const INT = /^-?\d+$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** Converts a flag's text to its kind, or a usage error naming the flag and the value. */
export function coerceFlagValue(spec: FlagSpec, text: string, shownAs: string): FlagValue {
  const bad = (what: string): CliUsageError => new CliUsageError(`--${shownAs} expects ${what}, got '${text}'`);
  switch (spec.kind) {
    case 'int':
      if (!INT.test(text)) throw bad('an integer');
      if (!Number.isSafeInteger(Number(text))) throw bad('an integer of at most 2^53 - 1 in magnitude');
      return Number(text);
    case 'number':
      if (!NUMBER.test(text)) throw bad('a number');
      if (!Number.isFinite(Number(text))) throw bad('a finite number');
      return Number(text);
    case 'bool':
      if (text !== 'true' && text !== 'false') throw bad('true or false');
      return text === 'true';
    case 'intOrBool':
      if (text === 'true' || text === 'false') return text === 'true';
      if (!INT.test(text)) throw bad('an integer, true or false');
      if (!Number.isSafeInteger(Number(text))) throw bad('an integer of at most 2^53 - 1 in magnitude');
      return Number(text);
    case 'string':
      if (spec.choices && !spec.choices.includes(text)) throw bad(`one of ${spec.choices.join(', ')}`);
      return text;
  }
}

/**
 * A value given to an open namespace (`--model.lr 0.1`, or a config file's scalar as text):
 * numbers, booleans, null and JSON arrays/objects are parsed, anything else stays a string.
 */
export function parseLooseValue(text: string): unknown {
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === 'null') return null;
  if (NUMBER.test(text)) return Number(text);
  if (/^[[{]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}
