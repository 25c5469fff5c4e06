import { describe, expect, it } from 'vitest';
import { tensor } from '../ops/creation.js';
import { noGrad } from '../autograd/grad-mode.js';
import { view } from '../ops/view.js';
import type { Tensor } from '../tensor/tensor.js';
import { SGD } from './sgd.js';

const param = (v: number[]): Tensor => tensor(v, { requiresGrad: true });

/** Runs one step per gradient in `grads` and returns the parameter after each. */
function run(opt: SGD, p: Tensor, grads: number[][]): number[][] {
  return grads.map((g) => {
    opt.zeroGrad();
    p.grad = tensor(g);
    opt.step();
    return Array.from(p.dataSync());
  });
}

describe('SGD', () => {
  it('plain step: p -= lr * g', () => {
    const p = param([1, 2]);
    expect(run(new SGD([p], { lr: 0.1 }), p, [[0.5, -1]])[0]).toEqual([0.95, 2.1].map(Math.fround));
  });

  it('momentum buffer starts as the first gradient, then buf = m*buf + (1-dampening)*g', () => {
    // buf: 1, 0.9+0.5 = 1.4, 0.9*1.4+0.5 = 1.76; p = 1 - 0.1*(1 + 1.4 + 1.76).
    const p = param([1]);
    const traj = run(new SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.5 }), p, [[1], [1], [1]]).map((t) => t[0]);
    expect(traj[0]).toBeCloseTo(0.9, 6);
    expect(traj[1]).toBeCloseTo(0.76, 6);
    expect(traj[2]).toBeCloseTo(0.584, 6);
  });

  it('nesterov with weight decay matches PyTorch 1.13', () => {
    const p = param([1]);
    const traj = run(new SGD([p], { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.1 }), p, [[0.5], [0.5], [0.5]]);
    const want = [0.8859999775886536, 0.7255659699440002, 0.5253636240959167];
    traj.forEach((t, i) => expect(t[0]).toBeCloseTo(want[i], 6));
  });

  it('maximize ascends', () => {
    const p = param([1]);
    expect(run(new SGD([p], { lr: 0.5, maximize: true }), p, [[1]])[0][0]).toBe(1.5);
  });

  it('skips parameters without a gradient', () => {
    const p = param([1]);
    new SGD([p], { lr: 0.1 }).step();
    expect(Array.from(p.dataSync())).toEqual([1]);
  });

  it('writes in place, so views of the parameter see the update', () => {
    const p = param([1, 2, 3, 4]);
    const v = noGrad(() => view(p, [2, 2]));
    run(new SGD([p], { lr: 1 }), p, [[1, 1, 1, 1]]);
    expect(Array.from(v.dataSync())).toEqual([0, 1, 2, 3]);
  });

  it('rejects a negative lr, momentum or weight decay, and nesterov without momentum', () => {
    const p = param([1]);
    expect(() => new SGD([p], { lr: -0.1 })).toThrow(new RangeError('SGD: invalid learning rate: -0.1'));
    expect(() => new SGD([p], { lr: 0.1, momentum: -1 })).toThrow(/SGD: invalid momentum value: -1/);
    expect(() => new SGD([p], { lr: 0.1, weightDecay: -1 })).toThrow(/SGD: invalid weight_decay value: -1/);
    expect(() => new SGD([p], { lr: 0.1, nesterov: true })).toThrow(/nesterov momentum requires a momentum/);
  });
});
