import type { LRScheduler, Optimizer, Tensor } from '@flint/core';
import type { CheckpointState } from './checkpoint-state.js';
import { expectLike, StateFieldError } from './checkpoint-state-schema.js';

const withoutParams = (g: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(g).filter(([k]) => k !== 'params'));
const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Checks the training part of a structurally valid state against the live run before anything
 * is restored: one entry per optimizer, each group's parameter ids a permutation of the
 * optimizer's parameters (so state never lands on the wrong tensor), hyper-parameters of the
 * kinds the live groups have (`lr: "abc"` is refused), every state tensor keyed by a known
 * parameter and shaped like it, and schedulers shaped like the live ones. Throws a
 * StateFieldError naming the field (or the optimizer.safetensors key).
 */
export function checkTrainingState(state: CheckpointState, optimizerTensors: Readonly<Record<string, Tensor>>, optimizers: readonly Optimizer[], schedulers: readonly LRScheduler[]): void {
  if (state.optimizers.length !== optimizers.length) {
    throw new StateFieldError('optimizers', `has ${state.optimizers.length} optimizer(s), configureOptimizers returned ${optimizers.length}`);
  }
  const paramOf = optimizers.map((opt, i) => checkOptimizer(state, opt, i));
  for (const [key, t] of Object.entries(optimizerTensors)) {
    const m = /^(\d+)\.(\d+)\.(.+)$/.exec(key);
    const p = m ? paramOf[Number(m[1])]?.get(Number(m[2])) : undefined;
    if (!m || !p) throw new StateFieldError(`optimizer.safetensors '${key}'`, 'names no parameter of the optimizers (expected <optimizer>.<param id>.<name>)');
    if (!sameShape(t.shape, p.shape)) {
      throw new StateFieldError(`optimizer.safetensors '${key}'`, `has shape [${t.shape.join(',')}], its parameter has [${p.shape.join(',')}]`);
    }
  }
  schedulers.forEach((s, i) => {
    if (state.schedulers[i] !== undefined) expectLike(state.schedulers[i], s.stateDict(), `schedulers[${i}]`);
  });
}

/** Checks optimizer `i`'s saved groups; returns its parameters by saved id. */
function checkOptimizer(state: CheckpointState, opt: Optimizer, i: number): Map<number, Tensor> {
  const saved = state.optimizers[i];
  const at = `optimizers[${i}].param_groups`;
  if (saved.param_groups.length !== opt.paramGroups.length) {
    throw new StateFieldError(at, `has ${saved.param_groups.length} group(s), ${opt.name} has ${opt.paramGroups.length}`);
  }
  const byId = new Map<number, Tensor>();
  const liveGroups = opt.stateDict().param_groups;
  const total = opt.paramGroups.reduce((n, g) => n + g.params.length, 0);
  saved.param_groups.forEach((g, j) => {
    const live = opt.paramGroups[j];
    if (g.params.length !== live.params.length) throw new StateFieldError(`${at}[${j}].params`, `lists ${g.params.length} parameters, ${opt.name}'s group has ${live.params.length}`);
    g.params.forEach((id, k) => {
      if (id >= total || byId.has(id)) throw new StateFieldError(`${at}[${j}].params[${k}]`, `${id} is ${id >= total ? `not below the ${total} parameters` : 'used twice'}`);
      byId.set(id, live.params[k]);
    });
    expectLike(withoutParams(g), withoutParams(liveGroups[j]), `${at}[${j}]`);
    if (typeof g.lr === 'number' && g.lr < 0) throw new StateFieldError(`${at}[${j}].lr`, `must not be negative, got ${g.lr}`);
  });
  for (const id of Object.keys(saved.scalars)) {
    if (!byId.has(Number(id))) throw new StateFieldError(`optimizers[${i}].scalars.${id}`, 'names no parameter of the optimizer');
  }
  return byId;
}
