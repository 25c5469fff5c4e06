import { describe, expect, it } from 'vitest';
import { tensor } from '@flint/core';
import { MeanAbsoluteError } from '../src/index.js';
import { feed, sk } from './sklearn-fixture.js';

describe('MeanAbsoluteError against scikit-learn', () => {
  it('mean_absolute_error over [N, 3]', async () => {
    const m = new MeanAbsoluteError();
    feed((p, t) => m.update(p, t), sk.regression.preds, sk.regression.target, 'float32', 'float32');
    expect(await m.compute()).toBeCloseTo(sk.regression.mae, 12);
  });

  it('takes 0-d values and resets', async () => {
    const m = new MeanAbsoluteError();
    m.update(tensor(3), tensor(1));
    m.update(tensor(-1), tensor(0));
    expect(await m.compute()).toBe(1.5);
    m.reset();
    expect(await m.compute()).toBeNaN();
  });
});
