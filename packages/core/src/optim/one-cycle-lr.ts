import { FlintError } from '../tensor/errors.js';
import type { ParamGroup } from './optimizer.js';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';

export interface OneCycleLROptions {
  /** Peak lr, one for all groups or one per group. */
  maxLr: number | number[];
  /** Length of the cycle; or give `epochs` and `stepsPerEpoch`. */
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  /** Fraction of the cycle spent rising; default 0.3. */
  pctStart?: number;
  annealStrategy?: 'cos' | 'linear';
  /** Cycle SGD's `momentum` / Adam's `betas[0]` inversely to the lr; default true. */
  cycleMomentum?: boolean;
  baseMomentum?: number | number[];
  maxMomentum?: number | number[];
  /** Initial lr = maxLr / divFactor; default 25. */
  divFactor?: number;
  /** Minimum lr = initial lr / finalDivFactor; default 1e4. */
  finalDivFactor?: number;
  /** Up, down to the initial lr, then down to the minimum (fast.ai's schedule); default false. */
  threePhase?: boolean;
  lastEpoch?: number;
}

interface Phase {
  endStep: number;
  startLr: string;
  endLr: string;
  startMomentum: string;
  endMomentum: string;
}

/** The 1cycle policy (Smith & Topin), PyTorch's `OneCycleLR`; step it after every batch. */
export class OneCycleLR extends LRScheduler {
  readonly totalSteps: number;
  readonly cycleMomentum: boolean;
  private readonly phases: Phase[];
  private readonly anneal: (start: number, end: number, pct: number) => number;
  private readonly useBeta1: boolean;

  constructor(optimizer: SchedulableOptimizer, options: OneCycleLROptions) {
    const { pctStart = 0.3, annealStrategy = 'cos', cycleMomentum = true, divFactor = 25, finalDivFactor = 1e4 } = options;
    const total = OneCycleLR.resolveTotal(options);
    if (!(pctStart >= 0 && pctStart <= 1)) throw new RangeError(`OneCycleLR: pctStart must be in [0, 1], got ${pctStart}`);
    const groups = optimizer.paramGroups;
    const perGroup = (name: string, v: number | number[]): number[] => {
      if (!Array.isArray(v)) return groups.map(() => v);
      if (v.length !== groups.length) throw new RangeError(`OneCycleLR: expected ${groups.length} values for ${name}, got ${v.length}`);
      return v;
    };
    const lastEpoch = options.lastEpoch ?? -1;
    if (lastEpoch === -1) {
      perGroup('maxLr', options.maxLr).forEach((max, i) => {
        const g = groups[i];
        g.initialLr = max / divFactor;
        g.maxLr = max;
        g.minLr = g.initialLr / finalDivFactor;
      });
    }
    const useBeta1 = 'betas' in optimizer.defaults;
    if (cycleMomentum) {
      if (!('momentum' in optimizer.defaults) && !useBeta1) {
        throw new FlintError(`OneCycleLR: optimizer ${optimizer.name} must support momentum with cycleMomentum enabled`);
      }
      if (lastEpoch === -1) {
        const maxM = perGroup('maxMomentum', options.maxMomentum ?? 0.95);
        const baseM = perGroup('baseMomentum', options.baseMomentum ?? 0.85);
        groups.forEach((g, i) => {
          setMomentum(g, useBeta1, maxM[i]);
          g.maxMomentum = maxM[i];
          g.baseMomentum = baseM[i];
        });
      }
    }
    super(optimizer, lastEpoch);
    this.totalSteps = total;
    this.cycleMomentum = cycleMomentum;
    this.useBeta1 = useBeta1;
    this.anneal = annealStrategy === 'cos' ? annealCos : annealLinear;
    const up = pctStart * total - 1;
    this.phases = options.threePhase
      ? [
          { endStep: up, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
          { endStep: 2 * pctStart * total - 2, startLr: 'maxLr', endLr: 'initialLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
          { endStep: total - 1, startLr: 'initialLr', endLr: 'minLr', startMomentum: 'maxMomentum', endMomentum: 'maxMomentum' },
        ]
      : [
          { endStep: up, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
          { endStep: total - 1, startLr: 'maxLr', endLr: 'minLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
        ];
    this.initialStep();
  }

  private static resolveTotal({ totalSteps, epochs, stepsPerEpoch }: OneCycleLROptions): number {
    if (totalSteps !== undefined) {
      if (!(Number.isInteger(totalSteps) && totalSteps > 0)) throw new RangeError(`OneCycleLR: totalSteps must be a positive integer, got ${totalSteps}`);
      return totalSteps;
    }
    if (epochs === undefined || stepsPerEpoch === undefined) {
      throw new RangeError('OneCycleLR: give totalSteps, or both epochs and stepsPerEpoch');
    }
    if (!(epochs > 0 && stepsPerEpoch > 0)) throw new RangeError(`OneCycleLR: epochs and stepsPerEpoch must be positive, got ${epochs} and ${stepsPerEpoch}`);
    return epochs * stepsPerEpoch;
  }

  protected computeLr(): number[] {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) {
      throw new RangeError(`OneCycleLR: tried to step ${stepNum} times; the specified number of total steps is ${this.totalSteps}`);
    }
    return this.groups.map((g) => {
      let start = 0;
      for (let i = 0; i < this.phases.length; i++) {
        const ph = this.phases[i];
        if (stepNum <= ph.endStep || i === this.phases.length - 1) {
          const pct = (stepNum - start) / (ph.endStep - start);
          if (this.cycleMomentum) setMomentum(g, this.useBeta1, this.anneal(num(g, ph.startMomentum), num(g, ph.endMomentum), pct));
          return this.anneal(num(g, ph.startLr), num(g, ph.endLr), pct);
        }
        start = ph.endStep;
      }
      return g.lr;
    });
  }

  protected override hyperParams(): Record<string, unknown> {
    return { total_steps: this.totalSteps, cycle_momentum: this.cycleMomentum, use_beta1: this.useBeta1 };
  }
}

const num = (g: ParamGroup, key: string): number => g[key] as number;

function setMomentum(g: ParamGroup, useBeta1: boolean, m: number): void {
  if (useBeta1) g.betas = [m, ...(g.betas as number[]).slice(1)];
  else g.momentum = m;
}

const annealCos = (start: number, end: number, pct: number): number => end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
const annealLinear = (start: number, end: number, pct: number): number => (end - start) * pct + start;
