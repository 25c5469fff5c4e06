import type { TrainerOptions } from '@flint/trainer';
import { kebabCase, snakeCase, type FlagKind, type FlagSpec } from '../args/flag-spec.js';

/** Trainer options the command line can set (Lightning's `--trainer.*`). */
type CliTrainerOption = Exclude<keyof TrainerOptions, 'callbacks' | 'strategyOptions' | 'fs' | 'reporter' | 'importer'>;

interface TrainerFlagRow {
  readonly option: CliTrainerOption;
  readonly kind: FlagKind;
  readonly description: string;
  readonly choices?: readonly string[];
}

const ROWS: readonly TrainerFlagRow[] = [
  { option: 'accelerator', kind: 'string', description: "'auto' (WebGPU when an adapter exists, else CPU), 'cpu' or 'webgpu'" },
  { option: 'devices', kind: 'int', description: 'number of devices (ranks with ddp)' },
  { option: 'strategy', kind: 'string', description: "'auto', 'single', 'dp' or 'ddp' (plugins load by name)" },
  { option: 'maxEpochs', kind: 'int', description: 'stop after this many epochs (default 1000, or unlimited with maxSteps)' },
  { option: 'maxSteps', kind: 'int', description: 'stop after this many optimizer steps (-1: no limit)' },
  { option: 'minEpochs', kind: 'int', description: 'train at least this many epochs' },
  { option: 'valCheckInterval', kind: 'number', description: 'validate every N batches (int) or fraction of an epoch (float)' },
  { option: 'checkValEveryNEpoch', kind: 'int', description: 'validate every N epochs' },
  { option: 'limitTrainBatches', kind: 'number', description: 'batches per training epoch (int, or fraction)' },
  { option: 'limitValBatches', kind: 'number', description: 'batches per validation (int, or fraction)' },
  { option: 'limitTestBatches', kind: 'number', description: 'batches of a test run (int, or fraction)' },
  { option: 'limitPredictBatches', kind: 'number', description: 'batches of a predict run (int, or fraction)' },
  { option: 'numSanityValSteps', kind: 'int', description: 'validation batches before training (default 2)' },
  { option: 'accumulateGradBatches', kind: 'int', description: 'batches per optimizer step' },
  { option: 'gradientClipVal', kind: 'number', description: 'clip gradients at this value or norm' },
  { option: 'gradientClipAlgorithm', kind: 'string', description: "how gradientClipVal clips", choices: ['norm', 'value'] },
  { option: 'fastDevRun', kind: 'intOrBool', description: 'run 1 (or N) batches of each loop, no logs or checkpoints' },
  { option: 'seed', kind: 'int', description: 'seedEverything(seed) before setup' },
  { option: 'deterministic', kind: 'bool', description: 'accepted for Lightning compatibility (CPU kernels are deterministic)' },
  { option: 'precision', kind: 'string', description: 'numeric precision', choices: ['32', '32-true'] },
  { option: 'logEveryNSteps', kind: 'int', description: 'log step metrics every N steps (default 50)' },
  { option: 'enableProgressBar', kind: 'bool', description: 'progress bar (plain lines when stdout is not a TTY)' },
  { option: 'enableCheckpointing', kind: 'bool', description: 'add a ModelCheckpoint (default true)' },
  { option: 'enableModelSummary', kind: 'bool', description: 'print the model summary (default true)' },
  { option: 'defaultRootDir', kind: 'string', description: 'root of logs and checkpoints (default .)' },
  { option: 'logger', kind: 'bool', description: 'true: CSV logger (default), false: no logger' },
  { option: 'profiler', kind: 'string', description: "time hooks and loop phases ('simple'), also every kernel ('advanced'): table at the end, JSON and Chrome trace in the log dir", choices: ['simple', 'advanced'] },
];

/** `trainer.maxEpochs` -> `maxEpochs`, for every spelling of a trainer flag. */
export const TRAINER_PREFIX = 'trainer.';

/** The trainer options as flags: `--trainer.maxEpochs`, also `--trainer.max_epochs` and `--max-epochs`. */
export const TRAINER_FLAGS: readonly FlagSpec[] = ROWS.map((r) => ({
  name: `${TRAINER_PREFIX}${r.option}`,
  aliases: [...new Set([`${TRAINER_PREFIX}${snakeCase(r.option)}`, kebabCase(r.option)])].filter((a) => a !== `${TRAINER_PREFIX}${r.option}`),
  kind: r.kind,
  choices: r.choices,
  description: r.description,
  placeholder: r.kind === 'bool' ? 'true|false' : r.kind === 'intOrBool' ? 'N|true' : r.choices ? r.choices.join('|') : r.kind === 'string' ? 'VALUE' : 'N',
  group: 'Trainer options',
}));

/** Names of the trainer options the CLI and config files accept. */
export const TRAINER_OPTION_NAMES: readonly string[] = ROWS.map((r) => r.option);

/** The flag of a trainer option name (`maxEpochs`), for checking config files. */
export const trainerFlag = (option: string): FlagSpec | undefined => TRAINER_FLAGS.find((f) => f.name === `${TRAINER_PREFIX}${option}`);
