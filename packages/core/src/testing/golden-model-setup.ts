import type { Tensor } from '../tensor/tensor.js';
import type { ModuleTree } from '../nn/module-tree.js';
import type { ParamGroupInput, ParamsInput } from '../optim/optimizer.js';
import { optionsFromTorch } from '../optim/torch-keys.js';
import type { GoldenOtherCase } from './golden-manifest.js';
import type { TorchSpec } from './golden-optim.js';

/** Which tensors a manifest parameter group takes (`select`): PyTorch's usual weight-decay split. */
const SELECTORS: Record<string, (p: Tensor) => boolean> = {
  'dim>=2': (p) => p.ndim >= 2,
  'dim<2': (p) => p.ndim < 2,
};

/**
 * The optimizer's parameters and its options for a model case: one group of every parameter
 * (in `namedParameters()` order, tied ones once), or the manifest's `param_groups`, each with the
 * parameters its `select` names and its own options (PyTorch names).
 */
export function optimizerParams(model: ModuleTree, spec: TorchSpec): { params: ParamsInput; spec: TorchSpec } {
  const { param_groups: groups, ...rest } = spec;
  const params = model.parameters();
  if (groups === undefined || groups === null) return { params, spec: rest as TorchSpec };
  if (!Array.isArray(groups)) throw new TypeError('optimizer.param_groups must be a list');
  const taken = new Set<Tensor>();
  const out: ParamGroupInput[] = groups.map((g: Record<string, unknown>) => {
    const { select, ...options } = g;
    const pick = SELECTORS[select as string];
    if (!pick) throw new TypeError(`optimizer.param_groups: unknown select '${String(select)}' (known: ${Object.keys(SELECTORS).join(', ')})`);
    const chosen = params.filter((p) => pick(p) && !taken.has(p));
    for (const p of chosen) taken.add(p);
    return { ...(optionsFromTorch(options) as Partial<ParamGroupInput>), params: chosen };
  });
  if (taken.size !== params.length) throw new TypeError(`optimizer.param_groups select ${taken.size} of the model's ${params.length} parameters`);
  return { params: out, spec: rest as TorchSpec };
}

/** Compares the model's key lists with the manifest's (`state_dict_keys`, `named_parameters`): names and order. */
export function keyProblems(model: ModuleTree, entry: GoldenOtherCase): string[] {
  const problems: string[] = [];
  const check = (what: string, ours: string[], theirs: unknown): void => {
    if (Array.isArray(theirs) && ours.join() !== theirs.join()) problems.push(`${what} ${JSON.stringify(ours)} differ from PyTorch's ${JSON.stringify(theirs)}`);
  };
  check('state dict keys', Object.keys(model.stateDict()), entry.state_dict_keys);
  check('named parameters', [...model.namedParameters()].map(([k]) => k), entry.named_parameters);
  return problems;
}

/** The largest distance Adam can move an element over the case's steps: sum of the lrs (steps * lr without a schedule). */
export function adamDriftBound(entry: GoldenOtherCase): number {
  const lrs = entry.lrs_before_each_step;
  const total = Array.isArray(lrs) ? (lrs as number[]).reduce((a, b) => a + b, 0) : (entry.steps as number) * ((entry.optimizer as TorchSpec).lr as number);
  return total * 1.001;
}

/**
 * Compares `actual` with `final` except at the elements `noise` marks (|grad0| < 1e-6 under
 * Adam: float32 noise that sets the direction, see noiseDrivenParams), which must stay within
 * `bound` of `init`. Returns the relative error of the others and the worst drift of those.
 */
export function maskedFinalError(
  actual: ArrayLike<number>, final: ArrayLike<number>, init: ArrayLike<number>, noise: ArrayLike<boolean>,
): { error: number; drift: number } {
  let diff = 0;
  let scale = 1;
  let drift = 0;
  for (let i = 0; i < final.length; i++) {
    if (noise[i]) {
      drift = Math.max(drift, Math.abs(actual[i] - init[i]));
      continue;
    }
    const d = Math.abs(actual[i] - final[i]);
    diff = Number.isNaN(d) ? Infinity : Math.max(diff, d);
    scale = Math.max(scale, Math.abs(final[i]));
  }
  return { error: diff / scale, drift };
}
