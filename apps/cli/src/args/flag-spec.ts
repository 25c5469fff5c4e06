/** What a flag's value is: checked and converted when the command line is parsed. */
export type FlagKind = 'int' | 'number' | 'string' | 'bool' | 'intOrBool';

/** A value a flag can hold after parsing. */
export type FlagValue = string | number | boolean;

/** One `--flag` of a command. */
export interface FlagSpec {
  /** Canonical spelling without the dashes: `config`, `trainer.maxEpochs`, `nproc-per-node`. */
  readonly name: string;
  /** Other accepted spellings (`max-epochs`, `trainer.max_epochs`). */
  readonly aliases?: readonly string[];
  readonly kind: FlagKind;
  /** Allowed values of a `string` flag. */
  readonly choices?: readonly string[];
  readonly description: string;
  /** Shown in help after the flag (`N`, `FILE`). */
  readonly placeholder?: string;
  /** Help groups flags under headings ('Trainer options'). */
  readonly group?: string;
}

/** A positional argument of a command. */
export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
}

/** A command: its flags and positionals, and how its help reads. */
export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly positionals: readonly PositionalSpec[];
  readonly flags: readonly FlagSpec[];
  /** Flag prefixes that take any key (`model` lets `--model.lr 0.1` through). */
  readonly openNamespaces?: readonly string[];
  /** Everything after the last positional is passed on untouched (`flint run script.ts --lr 1`). */
  readonly passThroughAfterPositionals?: boolean;
  /** Extra help text: examples, notes. */
  readonly epilog?: string;
}

/** Lower camel case to kebab case: `maxEpochs` -> `max-epochs`. */
export const kebabCase = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Lower camel case to snake case: `maxEpochs` -> `max_epochs` (Lightning's spelling). */
export const snakeCase = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
