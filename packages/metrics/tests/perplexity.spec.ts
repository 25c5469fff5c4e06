import { describe, expect, it } from 'vitest';
import { tensor } from '@flint/core';
import { MetricError, Perplexity } from '../src/index.js';
import { feed, sk } from './sklearn-fixture.js';

describe('Perplexity against scikit-learn', () => {
  it('exp(log_loss) of the softmax of [N, T, V] logits, ignoreIndex left out', async () => {
    const m = new Perplexity({ ignoreIndex: sk.perplexity.ignoreIndex });
    feed((p, t) => m.update(p, t), sk.perplexity.preds, sk.perplexity.target);
    expect(await m.compute()).toBeCloseTo(sk.perplexity.perplexity, 10);
  });

  it('rejects float targets and token ids out of range', async () => {
    const m = new Perplexity();
    expect(() => m.update(tensor([[1, 2]]), tensor([0]))).toThrow(/Perplexity.update: takes float logits .* got float32 \[1,2\] and float32 \[1\]/);
    m.update(tensor([[1, 2]]), tensor(Int32Array.of(2)));
    await expect(m.compute()).rejects.toThrow(new MetricError('Perplexity.update: target must hold token ids in [0, 2), got 2 at flat index 0'));
  });
});
