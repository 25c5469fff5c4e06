import { describe, expect, it } from 'vitest';
import { tensor } from '../ops/creation.js';
import { mul, sub } from '../ops/binary.js';
import { mean } from '../ops/reduce.js';
import { memory } from '../tensor/memory.js';
import { tidy } from '../tensor/scope.js';
import { AutogradError, DTypeError, FlintError } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Optimizer } from './optimizer.js';
import { SGD } from './sgd.js';
import { Adam } from './adam.js';
import { clipGradNorm } from './clip-grad-norm.js';
import { StepLR } from './step-lr.js';

const param = (v: number[]): Tensor => tensor(v, { requiresGrad: true });

/** One training step of mean((w*x - y)^2) inside a tidy. */
function trainStep(opt: Optimizer, w: Tensor, x: Tensor, y: Tensor): void {
  tidy(() => {
    opt.zeroGrad();
    const err = sub(mul(w, x), y);
    mean(mul(err, err)).backward();
    clipGradNorm([w], 10);
    opt.step();
  });
}

describe('Optimizer base', () => {
  it('parameter groups take per-group overrides over the defaults', () => {
    const a = param([1]);
    const b = param([1]);
    const opt = new SGD([{ params: [a] }, { params: [b], lr: 0.5 }], { lr: 0.1, momentum: 0.9 });
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.1, 0.5]);
    expect(opt.paramGroups[1].momentum).toBe(0.9);
    a.grad = tensor([1]);
    b.grad = tensor([1]);
    opt.step();
    expect(a.dataSync()[0]).toBeCloseTo(0.9, 6);
    expect(b.dataSync()[0]).toBeCloseTo(0.5, 6);
  });

  it('lr is mutable (what schedulers write)', () => {
    const p = param([1]);
    const opt = new SGD([p], { lr: 0.1 });
    opt.paramGroups[0].lr = 1;
    p.grad = tensor([1]);
    opt.step();
    expect(p.dataSync()[0]).toBe(0);
  });

  it('zeroGrad sets gradients to null by default, or fills them with zeros', () => {
    const p = param([1, 2]);
    const opt = new SGD([p], { lr: 0.1 });
    p.grad = tensor([3, 4]);
    const g = p.grad;
    opt.zeroGrad({ setToNone: false });
    expect(p.grad).toBe(g);
    expect(Array.from(p.grad.dataSync())).toEqual([0, 0]);
    opt.zeroGrad();
    expect(p.grad).toBeNull();
    expect(g.isDisposed).toBe(true);
  });

  it('step(closure) returns the closure\'s loss', () => {
    const p = param([1]);
    const opt = new SGD([p], { lr: 0.1 });
    expect(opt.step(() => 42)).toBe(42);
  });

  it('rejects non-leaf, non-float, duplicated and empty parameter lists', () => {
    const p = param([1]);
    expect(() => new SGD([mul(p, 2)], { lr: 0.1 })).toThrow(AutogradError);
    expect(() => new SGD([mul(p, 2)], { lr: 0.1 })).toThrow(/SGD: can't optimize a non-leaf tensor/);
    expect(() => new Adam([tensor([1], { dtype: 'int32' })])).toThrow(DTypeError);
    expect(() => new Adam([tensor([1], { dtype: 'int32' })])).toThrow(/Adam: can only optimize floating point tensors, got int32/);
    expect(() => new SGD([{ params: [p] }, { params: [p] }], { lr: 0.1 })).toThrow(/more than one parameter group/);
    expect(() => new SGD([], { lr: 0.1 })).toThrow(FlintError);
  });

  it('a group with a negative lr override is rejected', () => {
    expect(() => new SGD([{ params: [param([1])], lr: -2 }], { lr: 0.1 })).toThrow(new RangeError('SGD: invalid learning rate: -2'));
  });
});

describe('Optimizer stateDict', () => {
  it('uses PyTorch\'s layout and names', () => {
    const a = param([1]);
    const b = param([2]);
    const opt = new SGD([{ params: [a] }, { params: [b], lr: 0.2 }], { lr: 0.1, momentum: 0.9, weightDecay: 0.01 });
    a.grad = tensor([1]);
    opt.step();
    const sd = opt.stateDict();
    expect(sd.param_groups).toEqual([
      { lr: 0.1, momentum: 0.9, dampening: 0, nesterov: false, weight_decay: 0.01, maximize: false, params: [0] },
      { lr: 0.2, momentum: 0.9, dampening: 0, nesterov: false, weight_decay: 0.01, maximize: false, params: [1] },
    ]);
    expect(Object.keys(sd.state)).toEqual(['0']);
    expect(Array.from((sd.state[0].momentum_buffer as Tensor).dataSync())[0]).toBeCloseTo(1.01, 6);
  });

  for (const [name, make] of [
    ['SGD', (p: Tensor[]) => new SGD(p, { lr: 0.05, momentum: 0.9, nesterov: true })],
    ['Adam', (p: Tensor[]) => new Adam(p, { lr: 0.05, amsgrad: true })],
  ] as const) {
    it(`${name}: resuming from stateDict gives the same next steps`, () => {
      const x = tensor([1, 2, 3]);
      const y = tensor([2, 2, 2]);
      const w1 = param([0.5, -0.5, 1]);
      const opt1 = make([w1]);
      for (let i = 0; i < 3; i++) trainStep(opt1, w1, x, y);
      const w2 = param(Array.from(w1.dataSync()));
      const opt2 = make([w2]);
      opt2.paramGroups[0].lr = 123; // overwritten by the load
      opt2.loadStateDict(opt1.stateDict());
      expect(opt2.paramGroups[0].lr).toBe(0.05);
      for (let i = 0; i < 3; i++) {
        trainStep(opt1, w1, x, y);
        trainStep(opt2, w2, x, y);
      }
      expect(Array.from(w2.dataSync())).toEqual(Array.from(w1.dataSync()));
      // The loaded state is a copy: disposing the source leaves the resumed optimizer intact.
      opt1.dispose();
      trainStep(opt2, w2, x, y);
    });
  }

  it('rejects a state dict with a different group structure', () => {
    const opt = new SGD([param([1])], { lr: 0.1 });
    const other = new SGD([param([1]), param([2])], { lr: 0.1 });
    expect(() => opt.loadStateDict(other.stateDict())).toThrow(/loaded parameter group 0 has 2 parameters, optimizer's has 1/);
  });
});

describe('Optimizer memory', () => {
  for (const [name, make] of [
    ['SGD momentum', (p: Tensor[]) => new SGD(p, { lr: 0.01, momentum: 0.9, weightDecay: 0.1 })],
    ['Adam amsgrad', (p: Tensor[]) => new Adam(p, { lr: 0.01, amsgrad: true, weightDecay: 0.1 })],
  ] as const) {
    it(`${name}: 100 steps inside tidy leave memory() flat`, () => {
      const x = tensor([1, 2, 3]);
      const y = tensor([2, 2, 2]);
      const w = param([0.5, -0.5, 1]);
      const opt = make([w]);
      const sched = new StepLR(opt, { stepSize: 10, gamma: 0.5 });
      trainStep(opt, w, x, y);
      sched.step();
      const before = memory();
      for (let i = 0; i < 100; i++) {
        trainStep(opt, w, x, y);
        sched.step();
      }
      const after = memory();
      expect(after.tensors).toBe(before.tensors);
      expect(after.buffers).toBe(before.buffers);
      expect(after.bytes).toBe(before.bytes);
      opt.dispose();
      opt.zeroGrad();
      expect(memory().tensors).toBeLessThan(after.tensors);
    });
  }
});
