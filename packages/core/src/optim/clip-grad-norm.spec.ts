import { describe, expect, it } from 'vitest';
import { tensor } from '../ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { clipGradNorm } from './clip-grad-norm.js';

function withGrad(values: number[], grad: number[]): Tensor {
  const p = tensor(values, { requiresGrad: true });
  p.grad = tensor(grad);
  return p;
}

describe('clipGradNorm', () => {
  it('returns the total 2-norm over all gradients and scales them by maxNorm / (total + 1e-6)', async () => {
    const a = withGrad([0], [3]);
    const b = withGrad([0, 0], [0, 4]);
    const norm = clipGradNorm([a, b], 1);
    expect(norm.shape).toEqual([]);
    expect(await norm.item()).toBeCloseTo(5, 6);
    const c = 1 / (5 + 1e-6);
    expect(a.grad?.dataSync()[0]).toBeCloseTo(3 * c, 7);
    expect(Array.from(b.grad?.dataSync() ?? [])[1]).toBeCloseTo(4 * c, 7);
  });

  it('leaves gradients below maxNorm unchanged', async () => {
    const a = withGrad([0, 0], [3, 4]);
    expect(await clipGradNorm(a, 10).item()).toBeCloseTo(5, 6);
    expect(Array.from(a.grad?.dataSync() ?? [])).toEqual([3, 4]);
  });

  it('supports the inf-norm and other p-norms', async () => {
    const a = withGrad([0, 0], [3, -4]);
    expect(await clipGradNorm([a], 100, 'inf').item()).toBe(4);
    expect(await clipGradNorm([a], 100, 1).item()).toBe(7);
    expect(await clipGradNorm([a], 100, 3).item()).toBeCloseTo(Math.cbrt(27 + 64), 5);
    clipGradNorm([a], 2, Infinity);
    expect(a.grad?.dataSync()[1]).toBeCloseTo(-2, 5);
  });

  it('skips parameters without a gradient and returns 0 when none has one', async () => {
    const p = tensor([1], { requiresGrad: true });
    expect(await clipGradNorm([p], 1).item()).toBe(0);
  });

  it('rejects a negative maxNorm or a non-positive normType', () => {
    const a = withGrad([0], [1]);
    expect(() => clipGradNorm([a], -1)).toThrow(RangeError);
    expect(() => clipGradNorm([a], 1, 0)).toThrow(/normType must be positive/);
  });
});
