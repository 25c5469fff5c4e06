import type { ModuleTree, Optimizer } from '@flint/core';
import type { RunningStage } from '../module/running-stage.js';
import type { AnyLightningModule } from './callback.js';
import { Callback } from './callback.js';
import type { TrainerView } from './trainer-view.js';

/** Options of `BackboneFinetuning` (Lightning's names and defaults). */
export interface BackboneFinetuningOptions {
  /** Epoch at whose start the backbone is unfrozen (default 10). */
  readonly unfreezeBackboneAtEpoch?: number;
  /** Factor the backbone lr is multiplied by at each later epoch, given that epoch + 1 (default 1.5). */
  readonly lambdaFunc?: (epoch: number) => number;
  /** Backbone lr at unfreezing = the first group's lr times this (default 0.1). */
  readonly backboneInitialRatioLr?: number;
  /** Backbone lr at unfreezing, overriding the ratio. */
  readonly backboneInitialLr?: number;
  /** Cap the backbone lr at the first group's lr (default true). */
  readonly shouldAlign?: boolean;
}

const backboneOf = (m: AnyLightningModule): ModuleTree | undefined => (m as unknown as { backbone?: ModuleTree }).backbone;

/**
 * Lightning's `BackboneFinetuning`: the module's `backbone` is frozen before the optimizers are
 * made (configure them over the parameters that still require grad), unfrozen at
 * `unfreezeBackboneAtEpoch` as a new parameter group of the first optimizer with a small lr,
 * and that lr then grows by `lambdaFunc` each epoch up to the main lr.
 */
export class BackboneFinetuning extends Callback {
  readonly unfreezeAt: number;
  private readonly lambdaFunc: (epoch: number) => number;
  private readonly ratio: number;
  private readonly initialLr: number | undefined;
  private readonly align: boolean;
  /** The backbone group's lr after the last epoch start (undefined while frozen). */
  backboneLr: number | undefined;

  constructor(opts: BackboneFinetuningOptions = {}) {
    super();
    this.unfreezeAt = opts.unfreezeBackboneAtEpoch ?? 10;
    if (!Number.isInteger(this.unfreezeAt) || this.unfreezeAt < 0) throw new RangeError(`BackboneFinetuning: unfreezeBackboneAtEpoch must be a non-negative integer, got ${this.unfreezeAt}`);
    this.lambdaFunc = opts.lambdaFunc ?? (() => 1.5);
    this.ratio = opts.backboneInitialRatioLr ?? 0.1;
    this.initialLr = opts.backboneInitialLr;
    this.align = opts.shouldAlign ?? true;
  }

  override setup(_view: TrainerView, module: AnyLightningModule, stage: RunningStage): void {
    if (stage !== 'fit') return;
    const backbone = backboneOf(module);
    if (!backbone || typeof backbone.freeze !== 'function') throw new TypeError(`BackboneFinetuning: ${module.constructor.name} needs a 'backbone' module field`);
    if (this.backboneLr === undefined) backbone.freeze();
  }

  override onTrainEpochStart(view: TrainerView, module: AnyLightningModule): void {
    const opt = view.optimizers[0];
    if (!opt) throw new TypeError('BackboneFinetuning: the module configured no optimizer');
    const epoch = view.currentEpoch;
    const mainLr = opt.paramGroups[0].lr;
    if (epoch === this.unfreezeAt || (epoch > this.unfreezeAt && this.backboneLr === undefined)) {
      this.backboneLr = this.initialLr ?? mainLr * this.ratio;
      const backbone = backboneOf(module);
      if (!backbone) throw new TypeError(`BackboneFinetuning: ${module.constructor.name} needs a 'backbone' module field`);
      this.unfreezeInto(backbone, opt, this.backboneLr);
    } else if (epoch > this.unfreezeAt && this.backboneLr !== undefined) {
      const next = this.lambdaFunc(epoch + 1) * this.backboneLr;
      this.backboneLr = this.align && next > mainLr ? mainLr : next;
      opt.paramGroups[opt.paramGroups.length - 1].lr = this.backboneLr;
    }
  }

  /** Unfreezes `backbone` and adds its parameters the optimizer lacks as a group with `lr`. */
  private unfreezeInto(backbone: ModuleTree, opt: Optimizer, lr: number): void {
    backbone.unfreeze();
    const known = new Set(opt.paramGroups.flatMap((g) => g.params));
    const params = backbone.parameters().filter((p) => !known.has(p));
    if (params.length > 0) opt.addParamGroup({ params, lr });
  }

  override stateDict(): Record<string, unknown> {
    return { backboneLr: this.backboneLr ?? null };
  }

  override loadStateDict(state: Readonly<Record<string, unknown>>): void {
    const lr = state['backboneLr'];
    if (lr !== null && typeof lr !== 'number') throw new TypeError(`BackboneFinetuning.loadStateDict: backboneLr must be a number or null, got ${typeof lr}`);
    this.backboneLr = lr ?? undefined;
  }
}
