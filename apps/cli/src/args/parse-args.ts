import { CliUsageError } from '../errors.js';
import { coerceFlagValue, parseLooseValue } from './coerce-value.js';
import type { CommandSpec, FlagSpec, FlagValue } from './flag-spec.js';
import { didYouMean } from './suggest.js';
import { findUnsafeKey, isSafeKey } from '../config/unsafe-keys.js';

/** A command line after parsing against its command's spec. */
export interface ParsedArgs {
  /** `--help` or `-h` was given. */
  readonly help: boolean;
  readonly positionals: readonly string[];
  /** What follows the positionals of a pass-through command (`flint run script.ts ...`). */
  readonly passThrough: readonly string[];
  /** Values by the flag's canonical name. */
  readonly flags: ReadonlyMap<string, FlagValue>;
  /** Open namespaces' values: `--model.lr 0.1 --model.layers.n 2` -> `{ model: { lr: 0.1, layers: { n: 2 } } }`. */
  readonly open: Readonly<Record<string, Record<string, unknown>>>;
}

/** Every spelling of every flag of `spec`, mapped to its flag. */
function flagIndex(spec: CommandSpec): Map<string, FlagSpec> {
  const index = new Map<string, FlagSpec>();
  for (const f of spec.flags) for (const n of [f.name, ...(f.aliases ?? [])]) index.set(n, f);
  return index;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let obj = target;
  for (const key of path.slice(0, -1)) {
    const next = obj[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) obj[key] = {};
    obj = obj[key] as Record<string, unknown>;
  }
  obj[path[path.length - 1]] = value;
}

const isFlag = (a: string | undefined): boolean => a !== undefined && a.startsWith('--') && a.length > 2;

/**
 * Parses `argv` (what follows the command name) against `spec`. Flags take `--name value` or
 * `--name=value`; a bool flag alone means true, and takes a following `true`/`false`. Unknown
 * flags are usage errors with the nearest known spelling suggested.
 */
export function parseArgs(argv: readonly string[], spec: CommandSpec): ParsedArgs {
  const index = flagIndex(spec);
  const flags = new Map<string, FlagValue>();
  const open: Record<string, Record<string, unknown>> = {};
  const positionals: string[] = [];
  let passThrough: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!isFlag(arg)) {
      if (arg.startsWith('-') && arg.length > 1 && Number.isNaN(Number(arg))) {
        throw new CliUsageError(`unknown option '${arg}'${didYouMean(arg.replace(/^-+/, ''), index.keys(), '--')}`);
      }
      positionals.push(arg);
      if (spec.passThroughAfterPositionals && positionals.length === spec.positionals.length) {
        passThrough = argv.slice(i + 1);
        break;
      }
      continue;
    }
    const eq = arg.indexOf('=');
    const key = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    const f = index.get(key);
    const namespace = spec.openNamespaces?.find((ns) => key.startsWith(`${ns}.`) && key.length > ns.length + 1);
    if (!f && namespace) {
      const text = inline ?? argv[++i];
      if (text === undefined) throw new CliUsageError(`--${key} needs a value`);
      const path = key.slice(namespace.length + 1).split('.');
      const bad = path.find((p) => p === '' || !isSafeKey(p));
      if (bad !== undefined) throw new CliUsageError(`--${key}: '${bad}' cannot be an option name`);
      const value = parseLooseValue(text);
      const badInValue = findUnsafeKey(value, `--${key}`);
      if (badInValue) throw new CliUsageError(`${badInValue}: '${badInValue.slice(badInValue.lastIndexOf('.') + 1)}' cannot be an option name`);
      open[namespace] ??= {};
      setPath(open[namespace], path, value);
      continue;
    }
    if (!f) throw new CliUsageError(`unknown option '--${key}'${didYouMean(key, index.keys(), '--')} (see flint ${spec.name} --help)`);
    let text = inline;
    if (text === undefined) {
      const next = argv[i + 1];
      const takesNext =
        f.kind === 'bool' ? next === 'true' || next === 'false' : f.kind === 'intOrBool' ? next !== undefined && /^(true|false|\d+)$/.test(next) : true;
      if (takesNext && next !== undefined && !isFlag(next)) {
        text = next;
        i++;
      } else if (f.kind === 'bool' || f.kind === 'intOrBool') {
        text = 'true';
      } else {
        throw new CliUsageError(`--${key} needs a value${f.placeholder ? ` (${f.placeholder})` : ''}`);
      }
    }
    flags.set(f.name, coerceFlagValue(f, text, key));
  }
  const missing = spec.positionals.slice(positionals.length).find((p) => p.required);
  if (missing && !help) throw new CliUsageError(`missing argument <${missing.name}> (see flint ${spec.name} --help)`);
  if (positionals.length > spec.positionals.length && !help) {
    throw new CliUsageError(`unexpected argument '${positionals[spec.positionals.length]}'`);
  }
  return { help, positionals, passThrough, flags, open };
}
