import { describe, expect, it } from 'vitest';
import { tensor } from '../ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Optimizer } from './optimizer.js';
import { Adam, AdamW } from './adam.js';

/** Steps once per gradient, returning the (1-element) parameter after each. */
function run(make: (p: Tensor) => Optimizer, grads: number[]): number[] {
  const p = tensor([1], { requiresGrad: true });
  const opt = make(p);
  return grads.map((g) => {
    opt.zeroGrad();
    p.grad = tensor([g]);
    opt.step();
    return p.dataSync()[0];
  });
}

// Reference values: PyTorch 1.13's single-tensor Adam, replayed in float32.
describe('Adam', () => {
  it('bias-corrected steps', () => {
    const traj = run((p) => new Adam([p], { lr: 0.1 }), [0.5, 0.25]);
    expect(traj[0]).toBeCloseTo(0.9, 6);
    expect(traj[1]).toBeCloseTo(0.806782066822052, 6);
  });

  it('weightDecay adds wd * p to the gradient (L2)', () => {
    const traj = run((p) => new Adam([p], { lr: 0.1, weightDecay: 0.1 }), [0.5, 0.25]);
    expect(traj[1]).toBeCloseTo(0.8050097823143005, 6);
  });

  it('amsgrad keeps the running maximum of the second moment', () => {
    const ams = run((p) => new Adam([p], { lr: 0.1, betas: [0.9, 0.5], amsgrad: true }), [1, 0.01, 0.01]);
    const plain = run((p) => new Adam([p], { lr: 0.1, betas: [0.9, 0.5] }), [1, 0.01, 0.01]);
    expect(ams[1]).toBeCloseTo(0.8413411378860474, 6);
    expect(ams[2]).toBeCloseTo(0.8008738160133362, 6);
    expect(plain[2]).toBeCloseTo(0.7361418008804321, 6);
  });

  it('state holds step, exp_avg and exp_avg_sq', () => {
    const p = tensor([1], { requiresGrad: true });
    const opt = new Adam([p], { lr: 0.1 });
    p.grad = tensor([0.5]);
    opt.step();
    const s = opt.state.get(p) ?? {};
    expect(s.step).toBe(1);
    expect((s.exp_avg as Tensor).dataSync()[0]).toBeCloseTo(0.05, 7);
    expect((s.exp_avg_sq as Tensor).dataSync()[0]).toBeCloseTo(0.00025, 9);
  });

  it('rejects bad hyper-parameters with a RangeError naming the optimizer', () => {
    const p = tensor([1], { requiresGrad: true });
    expect(() => new Adam([p], { lr: -1 })).toThrow(new RangeError('Adam: invalid learning rate: -1'));
    expect(() => new Adam([p], { betas: [1, 0.999] })).toThrow(/Adam: invalid beta parameter at index 0: 1/);
    expect(() => new Adam([p], { eps: -1 })).toThrow(/Adam: invalid epsilon value: -1/);
    expect(() => new AdamW([p], { lr: -0.5 })).toThrow(new RangeError('AdamW: invalid learning rate: -0.5'));
  });
});

describe('AdamW', () => {
  it('decays weights decoupled, p *= 1 - lr * wd, before the Adam update', () => {
    const traj = run((p) => new AdamW([p], { lr: 0.1, weightDecay: 0.1 }), [0.5, 0.25]);
    expect(traj[0]).toBeCloseTo(0.89, 6);
    expect(traj[1]).toBeCloseTo(0.7878820896148682, 6);
  });

  it('defaults to weightDecay 0.01 (PyTorch)', () => {
    const p = tensor([1], { requiresGrad: true });
    expect(new AdamW([p]).defaults.weightDecay).toBe(0.01);
    expect(new Adam([p]).defaults.weightDecay).toBe(0);
  });
});
