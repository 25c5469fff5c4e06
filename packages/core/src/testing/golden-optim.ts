import { fromValues } from '../ops/creation.js';
import { mul, sub } from '../ops/binary.js';
import { mean } from '../ops/reduce.js';
import { matmul } from '../ops/matmul.js';
import { tidy } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Optimizer, ParamsInput } from '../optim/optimizer.js';
import { SGD, type SgdOptions } from '../optim/sgd.js';
import { Adam, AdamW } from '../optim/adam.js';
import { clipGradNorm } from '../optim/clip-grad-norm.js';
import type { LRScheduler, SchedulableOptimizer } from '../optim/lr-scheduler.js';
import { StepLR, type StepLROptions } from '../optim/step-lr.js';
import { MultiStepLR, type MultiStepLROptions } from '../optim/multi-step-lr.js';
import { CosineAnnealingLR, type CosineAnnealingLROptions } from '../optim/cosine-annealing-lr.js';
import { OneCycleLR, type OneCycleLROptions } from '../optim/one-cycle-lr.js';
import { LinearLR, type LinearLROptions } from '../optim/linear-lr.js';
import { SequentialLR } from '../optim/sequential-lr.js';
import { optionsFromTorch } from '../optim/torch-keys.js';
import { readSafetensors, type SafetensorsTensor } from '../serialization/safetensors-reader.js';
import type { FixtureSource } from './fixture-source.js';
import { loadGoldenManifest } from './golden-manifest.js';

/** A component given as data: its class name and PyTorch's argument names. */
export interface TorchSpec {
  type: string;
  [arg: string]: unknown;
}

/** One entry of the manifest's `optim` list. */
export interface OptimCaseEntry {
  name: string;
  file: string;
  steps: number;
  note?: string;
  lrs_before_each_step: number[];
  optimizer: TorchSpec;
  scheduler: TorchSpec | null;
  clip_grad_norm: number | null;
}

export interface GoldenOptimResult {
  name: string;
  passed: boolean;
  /** Largest `max|a-b| / max(1, max|b|)` over `traj.w` after each step and `final.*`. */
  maxError: number;
  tolerance: number;
  message: string;
}

export interface GoldenOptimOptions {
  /** Device the problem runs on; the default device when omitted. */
  device?: string;
  /** Relative tolerance on parameters; 1e-4 (the fixtures' README). */
  tolerance?: number;
}

type Opts = Record<string, unknown>;

const OPTIMIZERS: Record<string, (p: ParamsInput, o: Opts) => Optimizer> = {
  SGD: (p, o) => new SGD(p, o as SgdOptions),
  Adam: (p, o) => new Adam(p, o),
  AdamW: (p, o) => new AdamW(p, o),
};

const SCHEDULERS: Record<string, (opt: SchedulableOptimizer, o: Opts) => LRScheduler> = {
  StepLR: (opt, o) => new StepLR(opt, o as unknown as StepLROptions),
  MultiStepLR: (opt, o) => new MultiStepLR(opt, o as unknown as MultiStepLROptions),
  CosineAnnealingLR: (opt, o) => new CosineAnnealingLR(opt, o as unknown as CosineAnnealingLROptions),
  OneCycleLR: (opt, o) => new OneCycleLR(opt, o as unknown as OneCycleLROptions),
  LinearLR: (opt, o) => new LinearLR(opt, o as LinearLROptions),
  SequentialLR: (opt, o) =>
    new SequentialLR(opt, {
      schedulers: (o.schedulers as TorchSpec[]).map((s) => buildScheduler(opt, s)),
      milestones: o.milestones as number[],
    }),
};

/** Builds an optimizer from `{ type, ...PyTorch args }` (`weight_decay` -> `weightDecay`). */
export function buildOptimizer(params: ParamsInput, spec: TorchSpec): Optimizer {
  const { type, ...args } = spec;
  const make = OPTIMIZERS[type];
  if (!make) throw new Error(`golden optim: unknown optimizer '${type}' (known: ${Object.keys(OPTIMIZERS).join(', ')})`);
  return make(params, optionsFromTorch(args));
}

/** Builds a scheduler from `{ type, ...PyTorch args }` (`T_max` -> `tMax`). */
export function buildScheduler(optimizer: SchedulableOptimizer, spec: TorchSpec): LRScheduler {
  const { type, ...args } = spec;
  const make = SCHEDULERS[type];
  if (!make) throw new Error(`golden optim: unknown scheduler '${type}' (known: ${Object.keys(SCHEDULERS).join(', ')})`);
  return make(optimizer, optionsFromTorch(args));
}

/** The fixture's tensors, decoded to host memory. */
async function readFixture(source: FixtureSource, path: string): Promise<ReadonlyMap<string, SafetensorsTensor>> {
  return readSafetensors(await source.readBytes(path)).tensors;
}

const relError = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
};

/**
 * Runs one `optim` case: the least-squares problem `mean((X @ w + b - Y)^2)` for `steps` steps
 * (zeroGrad, backward, [clipGradNorm], step, [scheduler.step]), comparing `w` after every step
 * with `traj.w`, the end with `final.*`, and the lr before each step with the manifest's.
 */
export async function runOptimCase(source: FixtureSource, entry: OptimCaseEntry, options: GoldenOptimOptions = {}): Promise<GoldenOptimResult> {
  const tolerance = options.tolerance ?? 1e-4;
  let maxError: number;
  let lrError: number;
  try {
    const fx = await readFixture(source, entry.file);
    ({ maxError, lrError } = await replay(fx, entry, options.device));
  } catch (e) {
    const message = `${(e as Error).name}: ${(e as Error).message}`;
    return { name: entry.name, passed: false, maxError: Infinity, tolerance, message };
  }
  const lrOk = lrError <= 1e-9;
  const passed = maxError <= tolerance && lrOk;
  const message = passed
    ? `max rel error ${maxError.toExponential(2)} over ${entry.steps} steps`
    : !lrOk
      ? `lr before a step differs from PyTorch's by ${lrError.toExponential(2)} (relative)`
      : `max rel error ${maxError.toExponential(2)} exceeds ${tolerance}`;
  return { name: entry.name, passed, maxError, tolerance, message };
}

/** Trains the case's problem; returns the largest parameter and lr errors. Frees what it made. */
async function replay(fx: ReadonlyMap<string, SafetensorsTensor>, entry: OptimCaseEntry, device: string | undefined): Promise<{ maxError: number; lrError: number }> {
  const host = (k: string): SafetensorsTensor => {
    const t = fx.get(k);
    if (!t) throw new Error(`golden optim: ${entry.file} has no tensor '${k}'`);
    return t;
  };
  const made: Tensor[] = [];
  const up = (k: string, requiresGrad = false): Tensor => {
    const t = fromValues(host(k).values, host(k).shape, { device, requiresGrad });
    made.push(t);
    return t;
  };
  let opt: Optimizer | undefined;
  try {
    const [w, b, x, y] = [up('init.w', true), up('init.b', true), up('X'), up('Y')];
    const traj = host('traj.w').values;
    const per = w.size;
    let maxError = 0;
    let lrError = 0;
    const o = (opt = buildOptimizer([w, b], entry.optimizer));
    const sched = entry.scheduler ? buildScheduler(o, entry.scheduler) : null;
    for (let i = 0; i < entry.steps; i++) {
      const want = entry.lrs_before_each_step[i];
      lrError = Math.max(lrError, Math.abs(o.paramGroups[0].lr - want) / Math.max(Math.abs(want), 1e-12));
      tidy(() => {
        o.zeroGrad();
        const err = sub(matmul(x, w).add(b), y);
        mean(mul(err, err)).backward();
        if (entry.clip_grad_norm !== null) clipGradNorm([w, b], entry.clip_grad_norm);
        o.step();
      });
      sched?.step();
      maxError = Math.max(maxError, relError(await w.data(), traj.subarray(i * per, (i + 1) * per)));
    }
    maxError = Math.max(maxError, relError(await w.data(), host('final.w').values), relError(await b.data(), host('final.b').values));
    return { maxError, lrError };
  } finally {
    opt?.dispose();
    for (const t of made) t.dispose();
  }
}

/** Runs every `optim` case of the source's manifest. */
export async function runOptimCases(source: FixtureSource, options: GoldenOptimOptions = {}): Promise<GoldenOptimResult[]> {
  const manifest = await loadGoldenManifest(source);
  const results: GoldenOptimResult[] = [];
  for (const entry of manifest.optim) results.push(await runOptimCase(source, entry as unknown as OptimCaseEntry, options));
  return results;
}
