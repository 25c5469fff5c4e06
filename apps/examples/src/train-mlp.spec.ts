import { describe, expect, it } from 'vitest';
import { memory } from '@flint/core';
import { trainMlp } from './train-mlp.js';

describe('core-only MLP example', () => {
  it('learns the teacher task: loss falls and accuracy rises, nothing leaks', async () => {
    const before = memory().buffers;
    const accuracies: number[] = [];
    const losses = await trainMlp({ epochs: 4, onEpoch: (_e, _l, acc) => accuracies.push(acc) });
    expect(losses[3]).toBeLessThan(losses[0] * 0.6);
    expect(accuracies[3]).toBeGreaterThan(0.8);
    expect(memory().buffers).toBe(before);
  });
});
