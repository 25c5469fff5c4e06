import { describe, expect, it } from 'vitest';
import { tensor } from '../ops/creation.js';
import { SGD } from './sgd.js';
import { Adam } from './adam.js';
import type { LRScheduler } from './lr-scheduler.js';
import { OneCycleLR } from './one-cycle-lr.js';

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

// Reference values: PyTorch 1.13's OneCycleLR.get_lr replayed step by step.
describe('OneCycleLR', () => {
  it('two phases: cos up to maxLr over pctStart, down to maxLr/divFactor/finalDivFactor; momentum cycles inversely', () => {
    const opt = sgd(0.5);
    const s = new OneCycleLR(opt, { maxLr: 1, totalSteps: 10 });
    const want = [0.04, 0.52, 1.0, 0.9504846320134737, 0.8117456539497631, 0.6112620219362893, 0.38874197806371075, 0.18825834605023697, 0.049519367986526286, 4e-6];
    const wantM = [0.95, 0.9, 0.85, 0.854951556604879, 0.8688255099070633, 0.8888739533021842, 0.9111260466978157, 0.9311744900929366, 0.945048443395121, 0.95];
    for (let i = 0; i < 10; i++) {
      expect(opt.paramGroups[0].lr).toBeCloseTo(want[i], 12);
      expect(opt.paramGroups[0].momentum).toBeCloseTo(wantM[i], 12);
      s.step();
    }
    expect(() => s.step()).toThrow(/OneCycleLR: tried to step 11 times; the specified number of total steps is 10/);
  });

  it('three phases, and Adam cycles betas[0]', () => {
    const opt = new Adam([tensor([0], { requiresGrad: true })], { lr: 0.5 });
    const s = new OneCycleLR(opt, { maxLr: 1, epochs: 2, stepsPerEpoch: 5, threePhase: true });
    const want = [0.04, 0.52, 1.0, 0.52, 0.04, 0.0361807218535102, 0.0261817218535102, 0.013822278146489805, 0.0038232781464898036, 4e-6];
    const wantB = [0.95, 0.9, 0.85, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95];
    for (let i = 0; i < 10; i++) {
      expect(opt.paramGroups[0].lr).toBeCloseTo(want[i], 12);
      expect(opt.paramGroups[0].betas[0]).toBeCloseTo(wantB[i], 12);
      expect(opt.paramGroups[0].betas[1]).toBe(0.999);
      s.step();
    }
  });

  it('linear annealing', () => {
    const opt = sgd();
    const got = lrs(opt, new OneCycleLR(opt, { maxLr: 1, totalSteps: 10, annealStrategy: 'linear', divFactor: 10 }), 3);
    [0.1, 0.55, 1].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
  });

  it('needs totalSteps or epochs and stepsPerEpoch', () => {
    expect(() => new OneCycleLR(sgd(), { maxLr: 1 })).toThrow(/give totalSteps, or both epochs and stepsPerEpoch/);
  });
});
