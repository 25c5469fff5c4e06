import { EarlyStopping, ModelCheckpoint, type Callback, type EarlyStoppingOptions, type ModelCheckpointOptions } from '@flint/trainer';
import { CliUsageError } from '../errors.js';
import type { StageConfig } from './prepare-stage-run.js';

/**
 * The callbacks `--checkpoint.*` and `--early-stopping.*` (or the config's `checkpoint:` /
 * `earlyStopping:`) ask for: a ModelCheckpoint with those options (replacing the Trainer's
 * default one), an EarlyStopping, which needs a monitor.
 */
export function callbacksFromConfig(config: Pick<StageConfig, 'checkpoint' | 'earlyStopping'>): Callback[] {
  const out: Callback[] = [];
  if (Object.keys(config.checkpoint).length > 0) out.push(new ModelCheckpoint(config.checkpoint as ModelCheckpointOptions));
  if (Object.keys(config.earlyStopping).length > 0) {
    if (typeof config.earlyStopping['monitor'] !== 'string') {
      throw new CliUsageError('--early-stopping.* needs --early-stopping.monitor METRIC (the metric EarlyStopping watches)');
    }
    out.push(new EarlyStopping(config.earlyStopping as unknown as EarlyStoppingOptions));
  }
  return out;
}
