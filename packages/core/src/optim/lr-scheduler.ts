import { FlintError } from '../tensor/errors.js';
import type { LrOptions, Optimizer, ParamGroup } from './optimizer.js';

/** Anything a scheduler can drive: an optimizer's parameter groups and defaults. */
export type SchedulableOptimizer = Pick<Optimizer<LrOptions>, 'paramGroups' | 'defaults' | 'name'>;

/** A scheduler's `stateDict()`: PyTorch's attribute names (`last_epoch`, `base_lrs`, ...). */
export type SchedulerStateDict = Record<string, unknown>;

/**
 * Base of the learning-rate schedulers, with PyTorch's protocol: the constructor performs the
 * initial step (so the optimizer's lr is the schedule's first value), `step()` is called after
 * each `optimizer.step()`, `getLastLr()` returns the lrs it last set. Subclasses implement
 * `computeLr` (PyTorch's chainable `get_lr`, which may read the groups' current lr) and may
 * implement `closedFormLr` (used by `step(epoch)`); they call `initialStep()` at the end of
 * their constructor.
 */
export abstract class LRScheduler {
  readonly baseLrs: number[];
  /** Index of the current epoch (step); -1 before the initial step. */
  lastEpoch: number;
  protected stepCount = 0;
  protected lastLr: number[] = [];

  protected constructor(
    readonly optimizer: SchedulableOptimizer,
    lastEpoch = -1,
  ) {
    const groups = optimizer.paramGroups;
    if (lastEpoch === -1) {
      for (const g of groups) g.initialLr ??= g.lr;
    } else {
      groups.forEach((g, i) => {
        if (g.initialLr === undefined) {
          throw new FlintError(`${new.target.name}: param 'initialLr' is not specified in paramGroups[${i}] when resuming (lastEpoch=${lastEpoch})`);
        }
      });
    }
    this.baseLrs = groups.map((g) => g.initialLr as number);
    this.lastEpoch = lastEpoch;
  }

  protected get groups(): ParamGroup[] {
    return this.optimizer.paramGroups;
  }

  /** PyTorch's `_initial_step`: resets the step count and takes the first step. */
  initialStep(): void {
    this.stepCount = 0;
    this.step();
  }

  /** The lrs for `lastEpoch`, computed from the groups' current lrs (chainable form). */
  protected abstract computeLr(): number[];

  /** The lrs for `lastEpoch` from the base lrs alone, where the schedule has a closed form. */
  protected closedFormLr?(): number[];

  /**
   * Advances one step (or jumps to `epoch`, PyTorch's deprecated form, using the closed form
   * where there is one) and writes the new lr into every parameter group.
   */
  step(epoch?: number): void {
    this.stepCount++;
    let lrs: number[];
    if (epoch === undefined) {
      this.lastEpoch++;
      lrs = this.computeLr();
    } else {
      this.lastEpoch = epoch;
      lrs = this.closedFormLr ? this.closedFormLr() : this.computeLr();
    }
    this.groups.forEach((g, i) => (g.lr = lrs[i]));
    this.lastLr = this.groups.map((g) => g.lr);
  }

  /** The lrs set by the last `step()` (PyTorch's `get_last_lr()`), one per group. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** Hyper-parameters under PyTorch's names, saved with the state (`step_size`, `gamma`, ...). */
  protected hyperParams(): Record<string, unknown> {
    return {};
  }

  /** PyTorch's `state_dict()`: the scheduler's attributes under PyTorch's names. */
  stateDict(): SchedulerStateDict {
    return {
      ...this.hyperParams(),
      base_lrs: [...this.baseLrs],
      last_epoch: this.lastEpoch,
      _step_count: this.stepCount,
      _last_lr: [...this.lastLr],
    };
  }

  /**
   * Restores the position saved by `stateDict()`. Hyper-parameters come from the constructor;
   * the optimizer's lrs come from its own state dict, as in PyTorch.
   */
  loadStateDict(sd: SchedulerStateDict): void {
    const base = sd.base_lrs as number[];
    if (base.length !== this.baseLrs.length) {
      throw new FlintError(`${this.constructor.name}: loaded state has ${base.length} base lrs, optimizer has ${this.baseLrs.length} groups`);
    }
    this.baseLrs.splice(0, this.baseLrs.length, ...base);
    this.lastEpoch = sd.last_epoch as number;
    this.stepCount = sd._step_count as number;
    this.lastLr = [...(sd._last_lr as number[])];
  }
}
