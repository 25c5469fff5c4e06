import { bytesToStateDict, getRngState, stateDictToBytes, Tensor, to, type LRScheduler, type ModuleTree, type Optimizer, type OptimizerStateDict, type ParamState } from '@flint/core';
import type { CheckpointIO } from './checkpoint-io.js';
import { MODEL_FILE, OPTIMIZER_FILE, STATE_FILE, type CheckpointState, type LoopPosition, type OptimizerJson } from './checkpoint-state.js';
import { CheckpointCorruptError } from './checkpoint-corrupt-error.js';
import { checkStateShape, StateFieldError } from './checkpoint-state-schema.js';
import { checkTrainingState } from './checkpoint-training-check.js';
import type { Callback } from '../callbacks/callback.js';
import type { ResumePoint } from '../loops/loop-state.js';
import { FLINT_VERSION } from '../version.js';

/** What a checkpoint is made of, gathered by the trainer (narrow: no Trainer). */
export interface CheckpointSources {
  readonly module: ModuleTree;
  readonly optimizers: readonly Optimizer[];
  readonly schedulers: readonly LRScheduler[];
  readonly position: LoopPosition;
  readonly callbacks: Record<string, Record<string, unknown>>;
  readonly hparams: Readonly<Record<string, unknown>>;
  readonly datamodule: Record<string, unknown>;
  readonly extra: Record<string, unknown>;
}

/** A verified, parsed checkpoint; call `dispose` once restored. */
export interface LoadedCheckpoint {
  /** The checkpoint directory it was read from. */
  readonly dir: string;
  readonly state: CheckpointState;
  readonly model: Record<string, Tensor>;
  readonly optimizerTensors: Record<string, Tensor>;
  dispose(): void;
}

/** Turns a run's state into checkpoint files and back (the IO is `CheckpointIO`'s). */
export class CheckpointConnector {
  constructor(private readonly io: CheckpointIO) {}

  async save(dir: string, src: CheckpointSources): Promise<void> {
    const optTensors: Record<string, Tensor> = {};
    const optimizers: OptimizerJson[] = src.optimizers.map((opt, i) => {
      const sd = opt.stateDict();
      const scalars: Record<string, Record<string, number>> = {};
      for (const [id, s] of Object.entries(sd.state)) {
        for (const [k, v] of Object.entries(s)) {
          if (v instanceof Tensor) optTensors[`${i}.${id}.${k}`] = v;
          else (scalars[id] ??= {})[k] = v;
        }
      }
      return { param_groups: sd.param_groups, scalars };
    });
    const state: CheckpointState = {
      format: 'flint-checkpoint',
      formatVersion: 1,
      flintVersion: FLINT_VERSION,
      ...src.position,
      rng: getRngState(),
      optimizers,
      schedulers: src.schedulers.map((s) => s.stateDict()),
      callbacks: src.callbacks,
      hparams: { ...src.hparams },
      datamodule: src.datamodule,
      extra: src.extra,
    };
    await this.io.save(dir, {
      [MODEL_FILE]: await stateDictToBytes(src.module.stateDict()),
      [OPTIMIZER_FILE]: await stateDictToBytes(optTensors),
      [STATE_FILE]: new TextEncoder().encode(JSON.stringify(state, null, 1)),
    });
  }

  /** Reads and verifies every file before parsing any of them. */
  async load(dir: string): Promise<LoadedCheckpoint> {
    const files = await this.io.load(dir);
    for (const f of [MODEL_FILE, OPTIMIZER_FILE, STATE_FILE]) if (!files[f]) throw new CheckpointCorruptError(`${dir}/${f}`, 'missing');
    const statePath = `${dir}/${STATE_FILE}`;
    let raw: unknown;
    try {
      raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(files[STATE_FILE]));
    } catch (e) {
      throw new CheckpointCorruptError(statePath, `not JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    const state = asCorrupt(statePath, () => checkStateShape(raw));
    const model = asCorrupt(`${dir}/${MODEL_FILE}`, () => bytesToStateDict(files[MODEL_FILE]));
    let optimizerTensors: Record<string, Tensor>;
    try {
      optimizerTensors = asCorrupt(`${dir}/${OPTIMIZER_FILE}`, () => bytesToStateDict(files[OPTIMIZER_FILE]));
    } catch (e) {
      for (const t of Object.values(model)) t.dispose();
      throw e;
    }
    const dispose = (): void => {
      for (const t of [...Object.values(model), ...Object.values(optimizerTensors)]) t.dispose();
    };
    return { dir, state, model, optimizerTensors, dispose };
  }

  /**
   * Checks the training state against the live optimizers and schedulers (parameter ids,
   * shapes, hyper-parameter kinds) before anything is restored, model included.
   */
  checkTraining(ckpt: LoadedCheckpoint, optimizers: readonly Optimizer[], schedulers: readonly LRScheduler[]): void {
    asCorrupt(`${ckpt.dir}/${STATE_FILE}`, () => checkTrainingState(ckpt.state, ckpt.optimizerTensors, optimizers, schedulers));
  }

  /** Gives each callback its saved state; a refusal names state.json and the callback's key. */
  restoreCallbacks(ckpt: LoadedCheckpoint, callbacks: readonly Callback[]): void {
    const statePath = `${ckpt.dir}/${STATE_FILE}`;
    for (const c of callbacks) {
      const st = ckpt.state.callbacks[c.stateKey];
      if (!st || !c.loadStateDict) continue;
      try {
        c.loadStateDict(st);
      } catch (e) {
        if (e instanceof CheckpointCorruptError && e.file === STATE_FILE) throw new CheckpointCorruptError(statePath, e.reason);
        throw new CheckpointCorruptError(statePath, `callbacks.${c.stateKey}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  /** Where the loops pick up; `source` names state.json for a position the data cannot reach. */
  resumePoint(ckpt: LoadedCheckpoint): ResumePoint {
    const s = ckpt.state;
    return { batchIdx: s.batchIdx, loaderRng: s.loaderRng, rng: s.rng, source: `${ckpt.dir}/${STATE_FILE}` };
  }

  /** Weights only (validate/test/predict with a checkpoint). */
  /** Loads the weights onto the devices the module's tensors are on now (a CPU checkpoint into a WebGPU model). */
  restoreModel(ckpt: LoadedCheckpoint, module: ModuleTree): void {
    const here = module.stateDict();
    const placed: Record<string, Tensor> = {};
    const moved: Tensor[] = [];
    for (const [k, t] of Object.entries(ckpt.model)) {
      const device = here[k]?.device;
      if (device === undefined || device === t.device) placed[k] = t;
      else moved.push((placed[k] = to(t, device)));
    }
    try {
      module.loadStateDict(placed);
    } finally {
      for (const t of moved) t.dispose();
    }
  }

  /** Optimizers, schedulers and the global generator, as they were when it was saved. */
  restoreTraining(ckpt: LoadedCheckpoint, optimizers: readonly Optimizer[], schedulers: readonly LRScheduler[]): void {
    const { state } = ckpt;
    this.checkTraining(ckpt, optimizers, schedulers);
    optimizers.forEach((opt, i) => {
      const saved = state.optimizers[i];
      const st: Record<number, ParamState> = {};
      for (const [id, s] of Object.entries(saved.scalars)) st[Number(id)] = { ...s };
      for (const [key, t] of Object.entries(ckpt.optimizerTensors)) {
        const [oi, id, ...rest] = key.split('.');
        if (Number(oi) !== i) continue;
        (st[Number(id)] ??= {})[rest.join('.')] = t;
      }
      const sd: OptimizerStateDict = { state: st, param_groups: saved.param_groups };
      opt.loadStateDict(sd);
    });
    schedulers.forEach((s, i) => state.schedulers[i] && s.loadStateDict(state.schedulers[i]));
  }
}

/** Runs `fn`; a StateFieldError or a safetensors/format error becomes a CheckpointCorruptError naming `file`. */
function asCorrupt<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CheckpointCorruptError) throw e;
    if (e instanceof StateFieldError) throw new CheckpointCorruptError(file, `field ${e.message}`);
    throw new CheckpointCorruptError(file, e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  }
}
