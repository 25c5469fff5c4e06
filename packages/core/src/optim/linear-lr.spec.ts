import { describe, expect, it } from 'vitest';
import { tensor } from '../ops/creation.js';
import { SGD } from './sgd.js';
import type { LRScheduler } from './lr-scheduler.js';
import { LinearLR } from './linear-lr.js';

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

describe('LinearLR', () => {
  it('ramps from startFactor to endFactor over totalIters steps, then holds', () => {
    const opt = sgd(1);
    const got = lrs(opt, new LinearLR(opt, { startFactor: 0.25, totalIters: 4 }), 6);
    [0.25, 0.4375, 0.625, 0.8125, 1, 1].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
  });

  it('decays too (endFactor < startFactor), with PyTorch defaults 1/3 -> 1 over 5', () => {
    const opt = sgd(1);
    const got = lrs(opt, new LinearLR(opt, { startFactor: 1, endFactor: 0.5, totalIters: 2 }), 4);
    [1, 0.75, 0.5, 0.5].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
    const opt2 = sgd(3);
    new LinearLR(opt2);
    expect(opt2.paramGroups[0].lr).toBeCloseTo(1, 12);
  });

  it('rejects factors out of range', () => {
    expect(() => new LinearLR(sgd(), { startFactor: 0 })).toThrow(/LinearLR: startFactor must be in \(0, 1\], got 0/);
    expect(() => new LinearLR(sgd(), { endFactor: 2 })).toThrow(/LinearLR: endFactor must be in \[0, 1\], got 2/);
  });
});
