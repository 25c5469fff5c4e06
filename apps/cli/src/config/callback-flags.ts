import type { EarlyStoppingOptions, ModelCheckpointOptions } from '@flint/trainer';
import { snakeCase, type FlagKind, type FlagSpec, type FlagValue } from '../args/flag-spec.js';

/** A built-in callback the command line configures: `--checkpoint.*`, `--early-stopping.*`. */
export interface CallbackGroup {
  /** Key in config files and `StageConfig`: `checkpoint`, `earlyStopping`. */
  readonly key: 'checkpoint' | 'earlyStopping';
  /** Flag prefix without the dot: `checkpoint`, `early-stopping`. */
  readonly prefix: string;
  readonly flags: readonly FlagSpec[];
}

interface Row<O> {
  readonly option: keyof O & string;
  readonly kind: FlagKind;
  readonly description: string;
  readonly choices?: readonly string[];
}

const MODES = ['min', 'max'];

const CHECKPOINT_ROWS: readonly Row<ModelCheckpointOptions>[] = [
  { option: 'monitor', kind: 'string', description: 'metric that ranks checkpoints (default: the newest is kept)' },
  { option: 'mode', kind: 'string', description: 'whether a lower or higher monitored value is better', choices: MODES },
  { option: 'saveTopK', kind: 'int', description: 'checkpoints kept (default 1; -1 keeps all)' },
  { option: 'saveLast', kind: 'bool', description: "also keep a 'last' checkpoint (what --ckpt-path last resumes)" },
  { option: 'dirpath', kind: 'string', description: 'directory (default <run dir>/checkpoints)' },
  { option: 'filename', kind: 'string', description: 'name template, e.g. {epoch}-{step}-{val_loss:.3f}' },
  { option: 'everyNEpochs', kind: 'int', description: 'save every N epochs' },
  { option: 'everyNTrainSteps', kind: 'int', description: 'save every N optimizer steps instead' },
];

const EARLY_STOPPING_ROWS: readonly Row<EarlyStoppingOptions>[] = [
  { option: 'monitor', kind: 'string', description: 'metric to watch; giving any --early-stopping.* option adds EarlyStopping' },
  { option: 'patience', kind: 'int', description: 'checks without improvement before stopping (default 3)' },
  { option: 'minDelta', kind: 'number', description: 'smallest change that counts as improvement (default 0)' },
  { option: 'mode', kind: 'string', description: 'whether lower or higher is better', choices: MODES },
  { option: 'checkFinite', kind: 'bool', description: 'stop when the metric is NaN or infinite (default true)' },
  { option: 'stoppingThreshold', kind: 'number', description: 'stop as soon as the metric is better than this' },
  { option: 'divergenceThreshold', kind: 'number', description: 'stop as soon as the metric is worse than this' },
  { option: 'checkOnTrainEpochEnd', kind: 'bool', description: 'check at train epoch end instead of validation end' },
];

function group<O>(key: CallbackGroup['key'], prefix: string, heading: string, rows: readonly Row<O>[]): CallbackGroup {
  const flags = rows.map((r): FlagSpec => {
    const snake = `${prefix.replace(/-/g, '_')}.${snakeCase(r.option)}`;
    return {
      name: `${prefix}.${r.option}`,
      aliases: snake === `${prefix}.${r.option}` ? [] : [snake],
      kind: r.kind,
      choices: r.choices,
      description: r.description,
      placeholder: r.kind === 'bool' ? 'true|false' : r.choices ? r.choices.join('|') : r.kind === 'string' ? 'VALUE' : 'N',
      group: heading,
    };
  });
  return { key, prefix, flags };
}

/** `--checkpoint.*` (ModelCheckpoint) and `--early-stopping.*` (EarlyStopping). */
export const CALLBACK_GROUPS: readonly CallbackGroup[] = [
  group('checkpoint', 'checkpoint', 'Checkpointing (ModelCheckpoint)', CHECKPOINT_ROWS),
  group('earlyStopping', 'early-stopping', 'Early stopping (EarlyStopping)', EARLY_STOPPING_ROWS),
];

/** Every callback flag. */
export const CALLBACK_FLAGS: readonly FlagSpec[] = CALLBACK_GROUPS.flatMap((g) => g.flags);

/** The options a group's flags set: `{ monitor: 'val_loss', saveTopK: 2 }`. */
export function callbackOptionsFromFlags(key: CallbackGroup['key'], flags: ReadonlyMap<string, FlagValue>): Record<string, FlagValue> {
  const out: Record<string, FlagValue> = {};
  const g = CALLBACK_GROUPS.find((x) => x.key === key);
  for (const f of g?.flags ?? []) {
    const v = flags.get(f.name);
    if (v !== undefined && g) out[f.name.slice(g.prefix.length + 1)] = v;
  }
  return out;
}

/** The flag of a group's option (`saveTopK`), for checking config files. */
export const callbackFlag = (g: CallbackGroup, option: string): FlagSpec | undefined => g.flags.find((f) => f.name === `${g.prefix}.${option}`);
