import { FlintError } from '../tensor/errors.js';
import { LRScheduler, type SchedulableOptimizer, type SchedulerStateDict } from './lr-scheduler.js';

export interface SequentialLROptions {
  /** Schedulers of this same optimizer, run one after another. */
  schedulers: LRScheduler[];
  /** Steps at which the next scheduler takes over; one fewer than `schedulers`. */
  milestones: number[];
  lastEpoch?: number;
}

/**
 * Runs `schedulers` one after another, switching at each milestone (PyTorch's `SequentialLR`),
 * e.g. a `LinearLR` warmup followed by `CosineAnnealingLR`. A scheduler taking over starts its
 * schedule from step 0 (from the base lrs).
 */
export class SequentialLR extends LRScheduler {
  readonly schedulers: LRScheduler[];
  readonly milestones: number[];

  constructor(optimizer: SchedulableOptimizer, { schedulers, milestones, lastEpoch = -1 }: SequentialLROptions) {
    super(optimizer, lastEpoch);
    if (schedulers.length === 0) throw new FlintError('SequentialLR: expects at least one scheduler');
    schedulers.forEach((s, i) => {
      if (s.optimizer.paramGroups !== optimizer.paramGroups) {
        throw new FlintError(`SequentialLR: scheduler at index ${i} drives a different optimizer than the one given`);
      }
    });
    if (milestones.length !== schedulers.length - 1) {
      throw new FlintError(
        `SequentialLR: expects ${schedulers.length - 1} milestones for ${schedulers.length} schedulers, got ${milestones.length}`,
      );
    }
    this.schedulers = [...schedulers];
    this.milestones = [...milestones];
    this.lastEpoch = lastEpoch + 1;
    // Undo the initial steps the schedulers took when they were built; only the first one's counts.
    for (const g of this.groups) g.lr = g.initialLr as number;
    for (const s of this.schedulers) s.lastEpoch -= 1;
    this.schedulers[0].initialStep();
    this.lastLr = this.schedulers[0].getLastLr();
  }

  protected computeLr(): number[] {
    return this.getLastLr();
  }

  /** Advances the scheduler in charge; one that takes over at this step restarts at step 0. */
  override step(): void {
    this.lastEpoch++;
    const idx = bisectRight(this.milestones, this.lastEpoch);
    const s = this.schedulers[idx];
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) s.step(0);
    else s.step();
    this.lastLr = s.getLastLr();
  }

  override stateDict(): SchedulerStateDict {
    return { ...super.stateDict(), _milestones: [...this.milestones], _schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  override loadStateDict(sd: SchedulerStateDict): void {
    super.loadStateDict(sd);
    const subs = sd._schedulers as SchedulerStateDict[];
    if (subs.length !== this.schedulers.length) {
      throw new FlintError(`SequentialLR: loaded state has ${subs.length} schedulers, this one has ${this.schedulers.length}`);
    }
    subs.forEach((s, i) => this.schedulers[i].loadStateDict(s));
  }
}

/** Index of the first milestone greater than `x` (Python's `bisect_right`). */
function bisectRight(sorted: readonly number[], x: number): number {
  let i = 0;
  while (i < sorted.length && sorted[i] <= x) i++;
  return i;
}
