import { resolve } from 'node:path';
import { LightningDataModule, LightningModule, Trainer, type TrainerOptions } from '@flint/trainer';
import type { FlagValue } from '../args/flag-spec.js';
import type { ParsedArgs } from '../args/parse-args.js';
import { readConfigFile, type FileConfig } from '../config/read-config-file.js';
import { TRAINER_PREFIX } from '../config/trainer-flags.js';
import { loadModuleFile } from '../module-file/load-module-file.js';
import { construct, pickClass } from '../module-file/pick-class.js';
import { checkClassOptions } from '../module-file/check-options.js';
import { dashboardCallbacks } from './dashboard-flags.js';
import { callbacksFromConfig } from './callbacks-from-config.js';
import { callbackOptionsFromFlags } from '../config/callback-flags.js';

/** The configuration a stage runs with: config file and flags merged (flags win). */
export interface StageConfig {
  readonly moduleFile: string;
  readonly trainer: Record<string, FlagValue>;
  readonly checkpoint: Record<string, FlagValue>;
  readonly earlyStopping: Record<string, FlagValue>;
  readonly model: Record<string, unknown>;
  readonly data: Record<string, unknown>;
  readonly ckptPath?: string;
}

/** What a stage command runs: the trainer, the module, its data module, where to start from. */
export interface StageRun {
  readonly config: StageConfig;
  readonly trainer: Trainer;
  readonly module: LightningModule<unknown, never[], unknown>;
  readonly datamodule: LightningDataModule | undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isRecord(v) && isRecord(out[k]) ? deepMerge(out[k] as Record<string, unknown>, v) : v;
  return out;
}

/** Merges the `--config` file (if any) with the command line. */
export async function stageConfig(args: ParsedArgs, cwd: string): Promise<StageConfig> {
  const configFile = args.flags.get('config');
  const file: FileConfig =
    typeof configFile === 'string' ? await readConfigFile(resolve(cwd, configFile), configFile) : { trainer: {}, checkpoint: {}, earlyStopping: {}, model: {}, data: {} };
  const trainer: Record<string, FlagValue> = { ...file.trainer };
  for (const [name, value] of args.flags) if (name.startsWith(TRAINER_PREFIX)) trainer[name.slice(TRAINER_PREFIX.length)] = value;
  const ckpt = args.flags.get('ckpt-path');
  return {
    moduleFile: args.positionals[0],
    trainer,
    checkpoint: { ...file.checkpoint, ...callbackOptionsFromFlags('checkpoint', args.flags) },
    earlyStopping: { ...file.earlyStopping, ...callbackOptionsFromFlags('earlyStopping', args.flags) },
    model: deepMerge(file.model, args.open['model'] ?? {}),
    data: deepMerge(file.data, args.open['data'] ?? {}),
    ckptPath: typeof ckpt === 'string' ? ckpt : file.ckptPath,
  };
}

/**
 * Imports the module file, picks and constructs its LightningModule and LightningDataModule
 * (`--model NAME` / `--data NAME` when it exports several) and builds the Trainer.
 */
export async function prepareStageRun(args: ParsedArgs, config: StageConfig, cwd: string): Promise<StageRun> {
  const file = await loadModuleFile(config.moduleFile, cwd);
  const modelName = args.flags.get('model');
  const dataName = args.flags.get('data');
  const moduleClass = pickClass<LightningModule<unknown, never[], unknown>>(file, { base: LightningModule, label: 'LightningModule', flag: '--model' }, modelName as string | undefined, true);
  const dataClass = pickClass<LightningDataModule>(file, { base: LightningDataModule, label: 'LightningDataModule', flag: '--data' }, dataName as string | undefined, true);
  const module = construct(file, moduleClass, config.model);
  checkClassOptions('model', moduleClass.name, config.model, module.hparams);
  const datamodule = dataClass ? construct(file, dataClass, config.data) : undefined;
  if (datamodule && dataClass) checkClassOptions('data', dataClass.name, config.data, datamodule.hparams);
  const trainer = new Trainer({ ...(config.trainer as TrainerOptions), callbacks: [...callbacksFromConfig(config), ...dashboardCallbacks(args)] });
  return { config, trainer, module, datamodule };
}
