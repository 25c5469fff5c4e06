import { clone, copyInto, getRngState, keep, noGrad, setRngState, Tensor, to, type GeneratorState, type ModuleTree, type Optimizer, type OptimizerStateDict } from '@flint/core';

/** A deep copy of an optimizer's state dict (its tensors cloned). */
function copyOptimizerState(opt: Optimizer): OptimizerStateDict {
  const sd = opt.stateDict();
  const state: OptimizerStateDict['state'] = {};
  for (const [id, s] of Object.entries(sd.state)) {
    state[Number(id)] = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v instanceof Tensor ? keep(noGrad(() => clone(v))) : v]));
  }
  return { state, param_groups: sd.param_groups.map((g) => ({ ...g, params: [...g.params] })) };
}

const disposeState = (sd: OptimizerStateDict): void => {
  for (const s of Object.values(sd.state)) for (const v of Object.values(s)) if (v instanceof Tensor) v.dispose();
};

/**
 * What a tuner run must leave as it found: the module's parameters and buffers, the global
 * RNG, and (once the run made them) the optimizers' state and learning rates. Lightning's
 * tuner saves and restores a checkpoint; this keeps the copies in memory.
 */
export class TrainingSnapshot {
  private readonly weights: Record<string, Tensor>;
  private readonly rng: GeneratorState;
  private optimizers: [Optimizer, OptimizerStateDict][] = [];

  constructor(private readonly module: ModuleTree) {
    this.weights = Object.fromEntries(Object.entries(module.stateDict()).map(([k, t]) => [k, keep(noGrad(() => clone(t)))]));
    this.rng = getRngState();
  }

  /** Records `optimizers` as they are now (call before they step). */
  captureOptimizers(optimizers: readonly Optimizer[]): void {
    if (this.optimizers.length > 0) return;
    this.optimizers = optimizers.map((o) => [o, copyOptimizerState(o)]);
  }

  /**
   * Puts everything back, on the devices the module is on now (a run may have moved it);
   * the snapshot stays usable for another restore.
   */
  restore(): void {
    noGrad(() => {
      for (const [k, t] of Object.entries(this.module.stateDict())) {
        const saved = this.weights[k];
        if (!saved) throw new Error(`Tuner: the module gained the tensor '${k}' during the run`);
        const src = saved.device === t.device ? saved : to(saved, t.device);
        copyInto(t, src);
        if (src !== saved) src.dispose();
      }
    });
    for (const [opt, sd] of this.optimizers) opt.loadStateDict(sd);
    setRngState(this.rng);
  }

  dispose(): void {
    for (const t of Object.values(this.weights)) t.dispose();
    for (const [, sd] of this.optimizers) disposeState(sd);
    this.optimizers = [];
  }
}
