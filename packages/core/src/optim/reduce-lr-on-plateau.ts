import { FlintError } from '../tensor/errors.js';
import { LRScheduler, type SchedulableOptimizer, type SchedulerStateDict } from './lr-scheduler.js';

export interface ReduceLROnPlateauOptions {
  /** 'min' (default): lower is better; 'max': higher is better. */
  mode?: 'min' | 'max';
  /** lr multiplier on a plateau (default 0.1, must be < 1). */
  factor?: number;
  /** Steps without improvement tolerated before reducing (default 10). */
  patience?: number;
  /** Smallest change that counts as improvement (default 1e-4). */
  threshold?: number;
  /** 'rel' (default): relative to the best; 'abs': absolute. */
  thresholdMode?: 'rel' | 'abs';
  /** Steps to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** Lower bound of the lr, one for all groups or one per group (default 0). */
  minLr?: number | readonly number[];
  /** Reductions smaller than this are skipped (default 1e-8). */
  eps?: number;
}

/**
 * PyTorch's `ReduceLROnPlateau`: `step(metric)` after each validation; when the metric has not
 * improved for more than `patience` steps, every group's lr is multiplied by `factor` (not below
 * `minLr`), then `cooldown` steps pass before bad steps count again. Unlike the other
 * schedulers it takes no initial step and `step` needs the metric. In a LightningModule, give it
 * with `{ scheduler, monitor: 'val_loss' }` and the trainer passes the metric.
 */
export class ReduceLROnPlateau extends LRScheduler {
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLrs: number[];
  readonly eps: number;
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;

  constructor(optimizer: SchedulableOptimizer, o: ReduceLROnPlateauOptions = {}) {
    super(optimizer);
    this.mode = o.mode ?? 'min';
    this.factor = o.factor ?? 0.1;
    this.patience = o.patience ?? 10;
    this.threshold = o.threshold ?? 1e-4;
    this.thresholdMode = o.thresholdMode ?? 'rel';
    this.cooldown = o.cooldown ?? 0;
    this.eps = o.eps ?? 1e-8;
    if (!(this.factor < 1)) throw new RangeError(`ReduceLROnPlateau: factor should be < 1.0, got ${this.factor}`);
    if (this.mode !== 'min' && this.mode !== 'max') throw new RangeError(`ReduceLROnPlateau: mode ${String(this.mode)} is unknown`);
    if (this.thresholdMode !== 'rel' && this.thresholdMode !== 'abs') throw new RangeError(`ReduceLROnPlateau: threshold mode ${String(this.thresholdMode)} is unknown`);
    const n = this.groups.length;
    const minLr = o.minLr ?? 0;
    if (typeof minLr !== 'number' && minLr.length !== n) throw new RangeError(`ReduceLROnPlateau: expected ${n} minLr values, got ${minLr.length}`);
    this.minLrs = typeof minLr === 'number' ? new Array<number>(n).fill(minLr) : [...minLr];
    this.best = this.worse;
    this.lastEpoch = 0;
    this.lastLr = this.groups.map((g) => g.lr);
  }

  private get worse(): number {
    return this.mode === 'min' ? Infinity : -Infinity;
  }

  /** Whether `a` improves on `best` by more than the threshold. */
  isBetter(a: number, best: number): boolean {
    const t = this.threshold;
    if (this.mode === 'min') return this.thresholdMode === 'rel' ? a < best * (1 - t) : a < best - t;
    return this.thresholdMode === 'rel' ? a > best * (t + 1) : a > best + t;
  }

  /** Records `metric` (required) and reduces the lrs on a plateau. */
  override step(metric?: number): void {
    if (typeof metric !== 'number') throw new FlintError('ReduceLROnPlateau.step(metric): the monitored metric is required');
    this.stepCount++;
    this.lastEpoch++;
    if (this.isBetter(metric, this.best)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs++;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.groups.forEach((g, i) => {
        const next = Math.max(g.lr * this.factor, this.minLrs[i]);
        if (g.lr - next > this.eps) g.lr = next;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.groups.map((g) => g.lr);
  }

  protected computeLr(): number[] {
    return this.groups.map((g) => g.lr);
  }

  protected override hyperParams(): Record<string, unknown> {
    return { mode: this.mode, factor: this.factor, patience: this.patience, threshold: this.threshold, threshold_mode: this.thresholdMode, cooldown: this.cooldown, min_lrs: [...this.minLrs], eps: this.eps };
  }

  /** PyTorch's keys; `best` is null while still infinite (JSON has no Infinity). */
  override stateDict(): SchedulerStateDict {
    return { ...super.stateDict(), best: Number.isFinite(this.best) ? this.best : null, num_bad_epochs: this.numBadEpochs, cooldown_counter: this.cooldownCounter };
  }

  override loadStateDict(sd: SchedulerStateDict): void {
    super.loadStateDict(sd);
    this.best = typeof sd.best === 'number' ? sd.best : this.worse;
    this.numBadEpochs = Number(sd.num_bad_epochs ?? 0);
    this.cooldownCounter = Number(sd.cooldown_counter ?? 0);
  }
}
