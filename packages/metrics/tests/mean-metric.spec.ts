import { describe, expect, it } from 'vitest';
import { tensor } from '@flint/core';
import { MeanMetric, MetricError } from '../src/index.js';
import { sk } from './sklearn-fixture.js';

describe('MeanMetric', () => {
  it('is numpy.average of values with weights, fed as tensors and numbers', async () => {
    const { values, weights } = sk.mean as { values: number[]; weights: number[] };
    const m = new MeanMetric();
    m.update(tensor(values.slice(0, 20)), tensor(weights.slice(0, 20)));
    for (let i = 20; i < values.length; i++) m.update(values[i], weights[i]);
    expect(await m.compute()).toBeCloseTo(sk.mean.mean, 6);
  });

  it("NaN: 'propagate' shows it, 'ignore' drops it, 'error' throws naming it", async () => {
    const p = new MeanMetric();
    const i = new MeanMetric({ nanStrategy: 'ignore' });
    const e = new MeanMetric({ nanStrategy: 'error' });
    for (const m of [p, i, e]) m.update(tensor([1, NaN, 3]));
    expect(await p.compute()).toBeNaN();
    expect(await i.compute()).toBe(2);
    await expect(e.compute()).rejects.toThrow(new MetricError("MeanMetric.update: value 1 is NaN (nanStrategy 'error')"));
  });

  it('rejects a weight of another shape', () => {
    expect(() => new MeanMetric().update(tensor([1, 2]), tensor([1, 2, 3]))).toThrow("MeanMetric.update: weight [3] must be a scalar or have value's shape [2]");
  });
});
