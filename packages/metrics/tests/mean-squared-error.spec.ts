import { describe, expect, it } from 'vitest';
import { tensor } from '@flint/core';
import { MeanSquaredError, MetricError } from '../src/index.js';
import { feed, sk } from './sklearn-fixture.js';

describe('MeanSquaredError against scikit-learn', () => {
  it('mean_squared_error over [N, 3], and its root with squared: false', async () => {
    const m = new MeanSquaredError();
    const r = new MeanSquaredError({ squared: false });
    feed((p, t) => (m.update(p, t), r.update(p, t)), sk.regression.preds, sk.regression.target, 'float32', 'float32');
    expect(await m.compute()).toBeCloseTo(sk.regression.mse, 12);
    expect(await r.compute()).toBeCloseTo(sk.regression.rmse, 12);
  });

  it('is NaN before any update; rejects mismatched shapes', async () => {
    const m = new MeanSquaredError();
    expect(await m.compute()).toBeNaN();
    expect(() => m.update(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(new MetricError('MeanSquaredError.update: preds [2] and target [3] must have the same shape'));
  });
});
