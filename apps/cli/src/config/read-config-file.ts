import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { coerceFlagValue } from '../args/coerce-value.js';
import type { FlagSpec, FlagValue } from '../args/flag-spec.js';
import { didYouMean } from '../args/suggest.js';
import { ConfigFileError } from '../errors.js';
import { CALLBACK_GROUPS, callbackFlag, type CallbackGroup } from './callback-flags.js';
import { TRAINER_OPTION_NAMES, trainerFlag } from './trainer-flags.js';
import { parseYamlSubset } from './yaml-subset.js';
import { findUnsafeKey } from './unsafe-keys.js';

/** What a `--config` file holds, checked. */
export interface FileConfig {
  readonly trainer: Record<string, FlagValue>;
  /** ModelCheckpoint and EarlyStopping options (`checkpoint:`, `earlyStopping:`). */
  readonly checkpoint: Record<string, FlagValue>;
  readonly earlyStopping: Record<string, FlagValue>;
  readonly model: Record<string, unknown>;
  readonly data: Record<string, unknown>;
  readonly ckptPath?: string;
}

const SECTIONS = ['trainer', 'model', 'data', 'checkpoint', 'earlyStopping', 'ckptPath', 'seedEverything'];

/** `max_epochs` -> `maxEpochs`: config files may use Lightning's snake case. */
const camelCase = (s: string): string => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function section(file: string, doc: Record<string, unknown>, name: string): Record<string, unknown> {
  const v = doc[name];
  if (v === undefined || v === null) return {};
  if (!isRecord(v)) throw new ConfigFileError(file, `'${name}' must be a mapping of options`);
  return v;
}

/** Checks each option's name and type as the matching flag (`--trainer.*`, `--checkpoint.*`) would. */
function typedSection(file: string, name: string, raw: Record<string, unknown>, flagOf: (option: string) => FlagSpec | undefined): Record<string, FlagValue> {
  const out: Record<string, FlagValue> = {};
  for (const [key, value] of Object.entries(raw)) {
    const option = camelCase(key);
    const flag = flagOf(option);
    if (!flag) throw new ConfigFileError(file, `unknown ${name} option '${key}'${didYouMean(option, allOptions(name))}`);
    try {
      out[option] = coerceFlagValue(flag, String(value), flag.name);
    } catch (e) {
      throw new ConfigFileError(file, `${name}.${option}: ${(e as Error).message.replace(/^--\S+ /, '')}`);
    }
  }
  return out;
}

/** The option names of a typed section, for suggestions. */
function allOptions(name: string): string[] {
  if (name === 'trainer') return [...TRAINER_OPTION_NAMES];
  const g = CALLBACK_GROUPS.find((x) => x.key === name);
  return g ? g.flags.map((f) => f.name.slice(g.prefix.length + 1)) : [];
}

const callbackSection = (file: string, doc: Record<string, unknown>, key: CallbackGroup['key']): Record<string, FlagValue> => {
  const g = CALLBACK_GROUPS.find((x) => x.key === key);
  return g ? typedSection(file, key, section(file, doc, key), (o) => callbackFlag(g, o)) : {};
};

/**
 * Reads a config file (`file` is how messages name it): `.json`, or `.yaml`/`.yml` (the subset `parseYamlSubset` reads), with
 * top-level `trainer`, `model`, `data`, `checkpoint`, `earlyStopping`, `ckptPath` and
 * `seedEverything` (Lightning's names, camel or snake case). Unknown sections and trainer options are errors with a suggestion.
 */
export async function readConfigFile(path: string, file = path): Promise<FileConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ConfigFileError(file, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message);
  }
  let doc: unknown;
  try {
    const ext = extname(file).toLowerCase();
    if (ext === '.json') doc = JSON.parse(text) as unknown;
    else if (ext === '.yaml' || ext === '.yml') doc = parseYamlSubset(text);
    else throw new Error(`unsupported extension '${ext}' (use .yaml, .yml or .json)`);
  } catch (e) {
    throw new ConfigFileError(file, (e as Error).message);
  }
  if (!isRecord(doc)) throw new ConfigFileError(file, 'the top level must be a mapping (trainer:, model:, data:)');
  const unsafe = findUnsafeKey(doc, '');
  if (unsafe) throw new ConfigFileError(file, `'${unsafe.slice(1)}': '${unsafe.slice(unsafe.lastIndexOf('.') + 1)}' cannot be an option name`);
  const normalized: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    const name = camelCase(key);
    if (!SECTIONS.includes(name)) throw new ConfigFileError(file, `unknown section '${key}'${didYouMean(name, SECTIONS)}`);
    normalized[name] = value;
  }
  const trainer = typedSection(file, 'trainer', section(file, normalized, 'trainer'), trainerFlag);
  const seed = normalized['seedEverything'];
  if (seed !== undefined && seed !== null) {
    if (!Number.isInteger(seed)) throw new ConfigFileError(file, `seedEverything must be an integer, got ${JSON.stringify(seed)}`);
    trainer['seed'] ??= seed as number;
  }
  const ckpt = normalized['ckptPath'];
  if (ckpt !== undefined && ckpt !== null && typeof ckpt !== 'string') throw new ConfigFileError(file, 'ckptPath must be a string');
  return {
    trainer,
    checkpoint: callbackSection(file, normalized, 'checkpoint'),
    earlyStopping: callbackSection(file, normalized, 'earlyStopping'),
    model: section(file, normalized, 'model'),
    data: section(file, normalized, 'data'),
    ckptPath: ckpt ?? undefined,
  };
}
