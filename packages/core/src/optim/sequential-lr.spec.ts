import { describe, expect, it } from 'vitest';
import { tensor } from '../ops/creation.js';
import { SGD } from './sgd.js';
import type { LRScheduler } from './lr-scheduler.js';
import { LinearLR } from './linear-lr.js';
import { CosineAnnealingLR } from './cosine-annealing-lr.js';
import { SequentialLR } from './sequential-lr.js';
import { StepLR } from './step-lr.js';

const sgd = (lr = 1): SGD => new SGD([tensor([0], { requiresGrad: true })], { lr, momentum: 0.9 });

/** The lr of group 0 before each of `n` steps (what the fixtures record). */
function lrs(opt: SGD, sched: LRScheduler, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    out.push(opt.paramGroups[0].lr);
    sched.step();
  }
  return out;
}

const warmupCosine = (opt: SGD): SequentialLR =>
  new SequentialLR(opt, {
    schedulers: [new LinearLR(opt, { startFactor: 0.1, totalIters: 2 }), new CosineAnnealingLR(opt, { tMax: 4 })],
    milestones: [2],
  });

describe('SequentialLR', () => {
  it('chains a LinearLR warmup into CosineAnnealingLR, which starts from the base lr', () => {
    const opt = sgd(1);
    const got = lrs(opt, warmupCosine(opt), 7);
    [0.1, 0.55, 1, 0.8535533905932737, 0.5, 0.14644660940672627, 0].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
  });

  it('stateDict round-trips with the inner schedulers', () => {
    const opt1 = sgd(1);
    const s1 = warmupCosine(opt1);
    for (let i = 0; i < 3; i++) s1.step();
    const opt2 = sgd(1);
    const s2 = warmupCosine(opt2);
    opt2.loadStateDict(opt1.stateDict());
    s2.loadStateDict(s1.stateDict());
    expect(lrs(opt2, s2, 3)).toEqual(lrs(opt1, s1, 3));
  });

  it('needs one milestone fewer than schedulers, all on the same optimizer', () => {
    const opt = sgd();
    expect(() => new SequentialLR(opt, { schedulers: [new StepLR(opt, { stepSize: 1 })], milestones: [3] })).toThrow(
      /expects 0 milestones for 1 schedulers, got 1/,
    );
    const other = sgd();
    expect(() => new SequentialLR(opt, { schedulers: [new StepLR(other, { stepSize: 1 })], milestones: [] })).toThrow(/different optimizer/);
  });
});
