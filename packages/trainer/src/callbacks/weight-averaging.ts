import { clone, copyInto, fromValues, keep, noGrad, tidy, type Tensor } from '@flint/core';
import type { AnyLightningModule } from './callback.js';
import { Callback } from './callback.js';
import type { TrainerView } from './trainer-view.js';

type Params = Tensor[];
const paramsOf = (m: AnyLightningModule): Params => m.parameters();

/**
 * Lightning's `WeightAveraging`: keeps an average of the module's parameters next to them,
 * validates on the average (swapped in for each validation epoch, swapped back after), copies
 * it into the module when training ends, and carries it in checkpoints (callback state), so a
 * resumed run continues the same average. Subclasses say when to update and how to average.
 */
export abstract class WeightAveraging extends Callback {
  private averaged: Params | null = null;
  private stash: Params | null = null;
  /** Updates folded into the average so far. */
  nAveraged = 0;
  private host: number[][] | null = null;

  /** True when the average should take the current weights after this training batch. */
  protected abstract updateAfterStep(view: TrainerView): boolean;
  /** True when the average should take the current weights at this training epoch's end. */
  protected abstract updateAfterEpoch(view: TrainerView): boolean;
  /** The next average from the current one, the weights, and the updates so far (>= 1). */
  protected abstract average(avg: Tensor, current: Tensor, nAveraged: number): Tensor;

  /** The averaged parameters (in `parameters()` order), or null before the first update. */
  get averagedParameters(): readonly Tensor[] | null {
    return this.averaged;
  }

  override onTrainBatchEnd(view: TrainerView, module: AnyLightningModule): void {
    if (this.updateAfterStep(view)) this.update(module);
  }

  override onTrainEpochEnd(view: TrainerView, module: AnyLightningModule): void {
    if (this.updateAfterEpoch(view)) this.update(module);
  }

  override onValidationEpochStart(view: TrainerView, module: AnyLightningModule): void {
    const avg = this.materialize(module);
    if (!avg || view.sanityChecking) return;
    const params = paramsOf(module);
    noGrad(() => {
      this.stash = params.map((p) => keep(clone(p.detach())));
      params.forEach((p, i) => copyInto(p, avg[i]));
    });
  }

  override onValidationEpochEnd(_view: TrainerView, module: AnyLightningModule): void {
    const stash = this.stash;
    if (!stash) return;
    this.stash = null;
    noGrad(() => paramsOf(module).forEach((p, i) => copyInto(p, stash[i])));
    for (const t of stash) t.dispose();
  }

  override onTrainEnd(_view: TrainerView, module: AnyLightningModule): void {
    const avg = this.materialize(module);
    if (avg) noGrad(() => paramsOf(module).forEach((p, i) => copyInto(p, avg[i])));
  }

  /**
   * Reads the average to the host, for `stateDict` (which is synchronous) to return. A loaded
   * average not yet uploaded (a save right after resuming) is already there.
   */
  override async onSaveCheckpoint(): Promise<void> {
    if (this.averaged) this.host = await Promise.all(this.averaged.map(async (t) => Array.from(await t.data())));
  }

  override stateDict(): Record<string, unknown> {
    return { nAveraged: this.nAveraged, averaged: this.host ?? null };
  }

  override loadStateDict(state: Readonly<Record<string, unknown>>): void {
    const n = state['nAveraged'];
    const avg = state['averaged'];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new TypeError(`${this.name}.loadStateDict: nAveraged must be a non-negative integer, got ${String(n)}`);
    if (avg !== null && (!Array.isArray(avg) || avg.some((a) => !Array.isArray(a) || a.some((x) => typeof x !== 'number')))) {
      throw new TypeError(`${this.name}.loadStateDict: averaged must be null or arrays of numbers`);
    }
    this.disposeAverage();
    this.nAveraged = n;
    this.host = avg as number[][] | null;
  }

  private update(module: AnyLightningModule): void {
    const params = paramsOf(module);
    const avg = this.materialize(module);
    noGrad(() => {
      if (!avg) this.averaged = params.map((p) => keep(clone(p.detach())));
      else {
        this.averaged = avg.map((a, i) => tidy(() => this.average(a, params[i].detach(), this.nAveraged)));
        for (const a of avg) a.dispose();
      }
    });
    this.nAveraged++;
  }

  /** The average as tensors on the module's devices (uploading a loaded checkpoint's the first time). */
  private materialize(module: AnyLightningModule): Params | null {
    if (this.averaged || !this.host) return this.averaged;
    const params = paramsOf(module);
    const host = this.host;
    if (host.length !== params.length || host.some((a, i) => a.length !== params[i].size)) {
      throw new TypeError(`${this.name}: the checkpoint's average has ${host.length} tensors of sizes [${host.map((a) => a.length).join(',')}], the module ${params.length} of [${params.map((p) => p.size).join(',')}]`);
    }
    this.averaged = params.map((p, i) => keep(fromValues(Float32Array.from(host[i]), p.shape, { device: p.device })));
    return this.averaged;
  }

  private disposeAverage(): void {
    for (const t of this.averaged ?? []) t.dispose();
    this.averaged = null;
  }
}
