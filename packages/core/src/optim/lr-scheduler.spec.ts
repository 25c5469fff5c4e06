import { describe, expect, it } from 'vitest';
import { tensor } from '../ops/creation.js';
import { SGD } from './sgd.js';
import type { LRScheduler } from './lr-scheduler.js';
import { StepLR } from './step-lr.js';
import { MultiStepLR } from './multi-step-lr.js';

const sgd = (lr = 1, groups = 1): SGD =>
  new SGD(Array.from({ length: groups }, (_, i) => ({ params: [tensor([i], { requiresGrad: true })], lr: lr * (i + 1) })), { lr, momentum: 0.9 });

/** The lr of group 0 before each of `n` steps (what the fixtures record). */
function lrs(opt: SGD, sched: LRScheduler, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    out.push(opt.paramGroups[0].lr);
    sched.step();
  }
  return out;
}

describe('StepLR', () => {
  it('decays by gamma every stepSize steps (fixture sgd_steplr)', () => {
    const opt = sgd(0.1);
    expect(lrs(opt, new StepLR(opt, { stepSize: 3, gamma: 0.5 }), 10)).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125]);
  });

  it('sets initialLr, getLastLr has one lr per group, and step(epoch) uses the closed form', () => {
    const opt = sgd(1, 2);
    const s = new StepLR(opt, { stepSize: 2 });
    expect(opt.paramGroups.map((g) => g.initialLr)).toEqual([1, 2]);
    s.step();
    s.step();
    expect(s.getLastLr()[0]).toBeCloseTo(0.1, 12);
    expect(s.getLastLr()[1]).toBeCloseTo(0.2, 12);
    s.step(5);
    expect(s.getLastLr()[0]).toBeCloseTo(0.01, 12);
  });

  it('rejects a non-positive stepSize', () => {
    expect(() => new StepLR(sgd(), { stepSize: 0 })).toThrow(/StepLR: stepSize must be a positive integer, got 0/);
  });

  it('stateDict round-trips: a resumed scheduler continues the same schedule', () => {
    const opt1 = sgd(1);
    const s1 = new StepLR(opt1, { stepSize: 2, gamma: 0.5 });
    for (let i = 0; i < 3; i++) s1.step();
    const sd = s1.stateDict();
    expect(sd).toMatchObject({ step_size: 2, gamma: 0.5, base_lrs: [1], last_epoch: 3, _step_count: 4, _last_lr: [0.5] });
    const opt2 = sgd(1);
    opt2.loadStateDict(opt1.stateDict());
    const s2 = new StepLR(opt2, { stepSize: 2, gamma: 0.5 });
    s2.loadStateDict(JSON.parse(JSON.stringify(sd)) as Record<string, unknown>);
    expect(lrs(opt2, s2, 5)).toEqual(lrs(opt1, s1, 5));
  });

  it('resuming with lastEpoch needs initialLr in every group', () => {
    expect(() => new StepLR(sgd(), { stepSize: 2, lastEpoch: 4 })).toThrow(/param 'initialLr' is not specified in paramGroups\[0\]/);
  });
});

describe('MultiStepLR', () => {
  it('decays at each milestone, twice for a repeated one', () => {
    const opt = sgd(1);
    const got = lrs(opt, new MultiStepLR(opt, { milestones: [4, 2, 4], gamma: 0.1 }), 6);
    [1, 1, 0.1, 0.1, 0.001, 0.001].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
  });
});
