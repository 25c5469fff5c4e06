import { describe, it, expect } from 'vitest';
import { customGrad } from './custom-grad.js';
import { mul } from './binary.js';
import { sum } from './reduce.js';
import { fromValues } from './creation.js';

describe('customGrad', () => {
  it('records one node whose hand-written backward replaces the inner ops', () => {
    const x = fromValues(new Float32Array([1, 2, 3]), [3]);
    x.requiresGrad = true;
    // Forward doubles; backward claims a gradient of 10x (so the custom rule is what ran).
    const y = customGrad('TenfoldGrad', [x], () => mul(x, 2), (g) => [mul(g, 10)]);
    expect(y.gradFn?.name).toBe('TenfoldGrad');
    expect(Array.from(y.dataSync())).toEqual([2, 4, 6]);
    sum(y).backward();
    expect(Array.from(x.grad!.dataSync())).toEqual([10, 10, 10]);
  });

  it('records nothing when no input needs a gradient', () => {
    const x = fromValues(new Float32Array([1]), [1]);
    const y = customGrad('Noop', [x], () => mul(x, 2), (g) => [g]);
    expect(y.gradFn).toBeNull();
  });
});
