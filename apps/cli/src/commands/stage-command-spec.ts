import type { CommandSpec, FlagSpec } from '../args/flag-spec.js';
import { CALLBACK_FLAGS } from '../config/callback-flags.js';
import { TRAINER_FLAGS } from '../config/trainer-flags.js';
import { DASHBOARD_FLAGS } from './dashboard-flags.js';

/** The stages a module file can be run through. */
export type StageName = 'fit' | 'validate' | 'test' | 'predict';

const COMMON_FLAGS: readonly FlagSpec[] = [
  { name: 'config', kind: 'string', placeholder: 'FILE', description: 'YAML or JSON config: trainer:, model:, data:, ckptPath:, seedEverything: (flags override it)' },
  { name: 'model', kind: 'string', placeholder: 'NAME', description: 'the LightningModule export to use (when the file exports several)' },
  { name: 'data', kind: 'string', placeholder: 'NAME', description: 'the LightningDataModule export to use (when the file exports several)' },
  { name: 'ckpt-path', aliases: ['ckpt_path', 'ckptPath'], kind: 'string', placeholder: "PATH|last|best", description: 'checkpoint to start from (fit resumes; the others load weights)' },
  { name: 'print-config', aliases: ['print_config'], kind: 'bool', description: 'print the merged configuration as JSON and exit' },
];

const SUMMARIES: Record<StageName, string> = {
  fit: 'train a LightningModule (with validation when it has validationStep)',
  validate: "run the validation loop once and print its metrics",
  test: 'run the test loop once and print its metrics',
  predict: 'run predictStep over the predict data and write the outputs',
};

const EPILOG = `The module file exports a LightningModule subclass and (for data) a LightningDataModule
subclass. Each is constructed with one options object: --model.KEY VALUE and --data.KEY VALUE
(or the config's model:/data: sections) fill it; values are parsed as JSON scalars.
Trainer options are --trainer.NAME VALUE in camelCase; Lightning's snake_case
(--trainer.max_epochs) and a short kebab form (--max-epochs) mean the same.`;

/** The command spec of `flint fit|validate|test|predict`. */
export function stageCommandSpec(stage: StageName): CommandSpec {
  const extra: FlagSpec[] =
    stage === 'predict' ? [{ name: 'output', kind: 'string', placeholder: 'FILE', description: 'write the predictions as JSON to FILE (tensors as nested arrays)' }] : stage === 'fit' ? DASHBOARD_FLAGS : [];
  return {
    name: stage,
    summary: SUMMARIES[stage],
    positionals: [{ name: 'module-file', description: 'a .ts/.js file exporting the LightningModule (and LightningDataModule)', required: true }],
    flags: [...COMMON_FLAGS, ...extra, ...(stage === 'fit' ? CALLBACK_FLAGS : []), ...TRAINER_FLAGS],
    openNamespaces: ['model', 'data'],
    epilog: `${EPILOG}\n\nExample:\n  flint ${stage} model.ts --trainer.maxEpochs 3 --model.lr 0.05 --data.batchSize 32${stage === 'fit' ? '' : ' --ckpt-path best'}`,
  };
}
