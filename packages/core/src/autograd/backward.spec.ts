import { describe, expect, it } from 'vitest';
import { AutogradError, ShapeError } from '../tensor/errors.js';
import { tensor } from '../ops/creation.js';
import { add, mul, sub } from '../ops/binary.js';
import { exp, relu } from '../ops/unary.js';
import { sum } from '../ops/reduce.js';
import { noGrad } from './grad-mode.js';

describe('backward', () => {
  it('accumulates through shared subexpressions and broadcasting', async () => {
    const a = tensor([[1, -2, 3], [4, 5, -6]], { requiresGrad: true });
    const b = tensor([10, 20, 30], { requiresGrad: true });
    // loss = sum(relu(a + b) * a): d/da = relu(a+b) + a (a + b > 0 here), d/db = column sums of a
    sum(mul(relu(add(a, b)), a)).backward();
    expect(await a.grad!.toArray()).toEqual([[12, 16, 36], [18, 30, 18]]);
    expect(await b.grad!.toArray()).toEqual([5, 3, -3]);
  });

  it('adds into .grad across backward calls, as PyTorch does', async () => {
    const x = tensor([1, 2], { requiresGrad: true });
    sum(mul(x, 3)).backward();
    sum(mul(x, x)).backward();
    expect(await x.grad!.toArray()).toEqual([5, 7]);
  });

  it('refuses a second backward through a freed graph unless retainGraph', async () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = sum(exp(x));
    y.backward(undefined, { retainGraph: true });
    y.backward();
    expect(() => y.backward()).toThrow(AutogradError);
    expect(() => y.backward()).toThrow(/second time/);
  });

  it('needs an explicit gradient for non-scalar roots, of the right shape', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = mul(x, 2);
    expect(() => y.backward()).toThrow(/scalar outputs/);
    expect(() => y.backward(tensor([1, 2, 3]))).toThrow(ShapeError);
  });

  it('records nothing under noGrad and for tensors that need no grad', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = noGrad(() => mul(x, 2));
    expect(y.gradFn).toBeNull();
    expect(mul(tensor([1]), 2).gradFn).toBeNull();
    expect(() => sum(y).backward()).toThrow(/does not require grad/);
  });

  it('fires a leaf hook once, after every contribution arrived', async () => {
    const w = tensor([1, 2, 3], { requiresGrad: true });
    const seen: number[][] = [];
    w.registerPostAccumulateGradHook((p) => seen.push(Array.from(p.grad!.dataSync())));
    // w reaches the loss through three paths; the hook must see the total.
    const loss = add(sum(mul(w, w)), sub(sum(w), sum(mul(w, 2))));
    loss.backward();
    expect(seen).toEqual([[1, 3, 5]]);
  });

  it('results of recorded ops require grad; detach cuts the graph', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    expect(mul(w, 2).requiresGrad).toBe(true);
    expect(mul(w, 2).isLeaf).toBe(false);
    expect(noGrad(() => mul(w, 2)).requiresGrad).toBe(false);
  });

  it('detach cuts the graph', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const d = mul(x, 2).detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.gradFn).toBeNull();
  });

  it('only float tensors can require grad', () => {
    expect(() => tensor([1, 2], { dtype: 'int32', requiresGrad: true })).toThrow(/floating point/);
  });
});
