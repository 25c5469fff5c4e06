import { describe, expect, it } from 'vitest';
import { tensor } from '../ops/creation.js';
import { SGD } from './sgd.js';
import type { LRScheduler } from './lr-scheduler.js';
import { CosineAnnealingLR } from './cosine-annealing-lr.js';

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

describe('CosineAnnealingLR', () => {
  it('matches PyTorch 1.13 (fixture sgd_cosine, recursive form) to 1e-15', () => {
    const want = [
      0.1, 0.09755282581475769, 0.09045084971874738, 0.07938926261462367, 0.06545084971874739, 0.05000000000000001,
      0.03454915028125264, 0.020610737385376353, 0.009549150281252635, 0.002447174185242324,
    ];
    const opt = sgd(0.1);
    const got = lrs(opt, new CosineAnnealingLR(opt, { tMax: 10 }), 10);
    got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(1e-15));
  });

  it('reaches etaMin at tMax and rises again after it', () => {
    const opt = sgd(1);
    const got = lrs(opt, new CosineAnnealingLR(opt, { tMax: 2, etaMin: 0.1 }), 5);
    [1, 0.55, 0.1, 0.55, 1].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
  });

  it('step(epoch) jumps with the closed form', () => {
    const opt = sgd(1);
    const s = new CosineAnnealingLR(opt, { tMax: 4 });
    s.step(2);
    expect(s.getLastLr()[0]).toBeCloseTo(0.5, 12);
  });

  it('rejects a non-positive tMax', () => {
    expect(() => new CosineAnnealingLR(sgd(), { tMax: 0 })).toThrow(/CosineAnnealingLR: tMax must be positive, got 0/);
  });
});
