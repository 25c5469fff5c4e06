import type { Callback } from '../callbacks/callback.js';
import type { GradientClipAlgorithm } from '../module/lightning-module.js';
import type { Logger } from '../loggers/logger.js';
import type { ContainerOverrides } from '../di/container.js';
import type { Profiler } from '../profiler/profiler.js';
import type { StrategyOption } from './strategy-config.js';
import type { BatchLimit } from '../loops/batch-limit.js';
import { MisconfigurationError } from './misconfiguration-error.js';

/** Trainer options: Lightning's names in camelCase. */
export interface TrainerOptions extends ContainerOverrides {
  /** 'auto' (default), 'cpu', 'webgpu' (needs @flint/backend-webgpu). */
  accelerator?: string;
  /** Device count (default 1). */
  devices?: number;
  /**
   * 'auto' (default), 'single', 'dp', 'ddp' (or another plugin's name), a typed config
   * (`{ name: 'ddp', bucketCapMb: 50, timeoutMs: 60_000 }`), or a Strategy instance.
   */
  strategy?: StrategyOption;
  /** Passed to the strategy factory (prefer a typed `strategy` config; its keys win). */
  strategyOptions?: Record<string, unknown>;
  /** Epochs to train; -1: no limit (Lightning). Default 1000, or no limit when maxSteps is set. */
  maxEpochs?: number;
  /** Optimizer steps to train; -1 (default): no limit. */
  maxSteps?: number;
  minEpochs?: number;
  valCheckInterval?: number;
  checkValEveryNEpoch?: number;
  /**
   * Batches per epoch/run: an integer count, a share in (0, 1) (`0.25`), or a share in the
   * explicit form `'100%'` / `{ fraction: 1 }` (JavaScript cannot tell `1.0` from the count `1`).
   */
  limitTrainBatches?: BatchLimit;
  limitValBatches?: BatchLimit;
  limitTestBatches?: BatchLimit;
  limitPredictBatches?: BatchLimit;
  numSanityValSteps?: number;
  accumulateGradBatches?: number;
  gradientClipVal?: number;
  gradientClipAlgorithm?: GradientClipAlgorithm;
  /** true: one batch of each; n: n batches; no loggers, checkpoints or sanity check. */
  fastDevRun?: boolean | number;
  /** Seeds every generator with this before setup (`seedEverything`). */
  seed?: number;
  /** Accepted for Lightning compatibility: CPU kernels are deterministic already. */
  deterministic?: boolean;
  /** Only '32' (or '32-true') for now. */
  precision?: '32' | '32-true' | 32;
  logEveryNSteps?: number;
  enableProgressBar?: boolean;
  enableCheckpointing?: boolean;
  enableModelSummary?: boolean;
  /** Root of logs and checkpoints (default '.'). */
  defaultRootDir?: string;
  callbacks?: Callback[];
  /** true (default: CSV), false (none), or the loggers to use. */
  logger?: boolean | Logger | Logger[];
  /**
   * 'simple': time every hook and loop phase (Lightning's SimpleProfiler); 'advanced': also
   * every kernel (counts, time, bytes, per backend). Prints a table at the end of each run and
   * writes `<stage>-profile.json` and a Chrome trace `<stage>-trace.json` into the log directory.
   */
  profiler?: 'simple' | 'advanced' | Profiler;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  readonly accelerator: string;
  readonly devices: number;
  readonly maxEpochs: number;
  readonly maxSteps: number;
  readonly minEpochs: number;
  readonly valCheckInterval: number;
  readonly checkValEveryNEpoch: number;
  readonly limitTrainBatches: BatchLimit | undefined;
  readonly limitValBatches: BatchLimit | undefined;
  readonly limitTestBatches: BatchLimit | undefined;
  readonly limitPredictBatches: BatchLimit | undefined;
  readonly numSanityValSteps: number;
  readonly accumulateGradBatches: number;
  readonly gradientClipVal: number | undefined;
  readonly gradientClipAlgorithm: GradientClipAlgorithm | undefined;
  readonly fastDevRun: number;
  readonly logEveryNSteps: number;
  readonly enableProgressBar: boolean;
  readonly enableCheckpointing: boolean;
  readonly enableModelSummary: boolean;
  readonly defaultRootDir: string;
}

const posInt = (name: string, v: number): number => {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`Trainer: ${name} must be a positive integer, got ${v}`);
  return v;
};

/** Validates options and fills defaults (Lightning's: maxEpochs 1000 unless maxSteps is set). */
export function resolveOptions(o: TrainerOptions): ResolvedOptions {
  if (o.precision !== undefined && !['32', '32-true', 32].includes(o.precision)) {
    throw new RangeError(`Trainer: precision '${String(o.precision)}' is not supported yet; use '32'`);
  }
  const fast = o.fastDevRun === true ? 1 : o.fastDevRun === false || o.fastDevRun === undefined ? 0 : posInt('fastDevRun', o.fastDevRun);
  if (o.gradientClipAlgorithm !== undefined && o.gradientClipAlgorithm !== 'norm' && o.gradientClipAlgorithm !== 'value') {
    throw new RangeError(`Trainer: gradientClipAlgorithm must be 'norm' or 'value', got '${String(o.gradientClipAlgorithm)}'`);
  }
  const maxSteps = fast ? fast : (o.maxSteps ?? -1);
  // Lightning: -1 means no limit; other negatives are mistakes.
  for (const [name, v] of [['maxEpochs', o.maxEpochs], ['maxSteps', o.maxSteps]] as const) {
    if (v !== undefined && !(Number.isInteger(v) && v >= -1)) throw new MisconfigurationError(`Trainer: ${name} must be -1 (no limit) or a count >= 0, got ${v}`);
  }
  return {
    accelerator: o.accelerator ?? 'auto',
    devices: posInt('devices', o.devices ?? 1),
    maxEpochs: fast ? 1 : (o.maxEpochs ?? (maxSteps >= 0 ? -1 : 1000)),
    maxSteps,
    minEpochs: o.minEpochs ?? 0,
    valCheckInterval: o.valCheckInterval ?? 1.0,
    checkValEveryNEpoch: posInt('checkValEveryNEpoch', o.checkValEveryNEpoch ?? 1),
    limitTrainBatches: fast || o.limitTrainBatches,
    limitValBatches: fast || o.limitValBatches,
    limitTestBatches: fast || o.limitTestBatches,
    limitPredictBatches: fast || o.limitPredictBatches,
    numSanityValSteps: fast ? 0 : (o.numSanityValSteps ?? 2),
    accumulateGradBatches: posInt('accumulateGradBatches', o.accumulateGradBatches ?? 1),
    gradientClipVal: o.gradientClipVal,
    gradientClipAlgorithm: o.gradientClipAlgorithm,
    fastDevRun: fast,
    logEveryNSteps: posInt('logEveryNSteps', o.logEveryNSteps ?? 50),
    enableProgressBar: o.enableProgressBar ?? true,
    enableCheckpointing: fast ? false : (o.enableCheckpointing ?? true),
    enableModelSummary: fast ? false : (o.enableModelSummary ?? true),
    defaultRootDir: o.defaultRootDir ?? '.',
  };
}
