import { describe, expect, it } from 'vitest';
import { Generator } from '../random/generator.js';
import { BatchSampler } from './batch-sampler.js';
import { RandomSampler, SequentialSampler } from './sampler.js';

describe('SequentialSampler', () => {
  it('yields 0..n-1', () => {
    const s = new SequentialSampler(4);
    expect([...s]).toEqual([0, 1, 2, 3]);
    expect(s.length).toBe(4);
  });
});

describe('RandomSampler', () => {
  it('is a permutation, reproducible from the seed, new each pass', () => {
    const a = new RandomSampler(50, { generator: new Generator(7) });
    const b = new RandomSampler(50, { generator: new Generator(7) });
    const a1 = [...a];
    expect([...a1].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(a1).toEqual([...b]);
    expect([...a]).not.toEqual(a1);
  });

  it('draws with replacement and chains permutations for numSamples > n', () => {
    const r = [...new RandomSampler(5, { replacement: true, numSamples: 12, generator: new Generator(1) })];
    expect(r).toHaveLength(12);
    expect(r.every((i) => i >= 0 && i < 5)).toBe(true);
    const chained = [...new RandomSampler(3, { numSamples: 7, generator: new Generator(2) })];
    expect(chained).toHaveLength(7);
    expect([...chained.slice(0, 3)].sort()).toEqual([0, 1, 2]);
    expect([...chained.slice(3, 6)].sort()).toEqual([0, 1, 2]);
  });

  it('rejects a bad numSamples', () => {
    expect(() => new RandomSampler(3, { numSamples: -1 })).toThrow('RandomSampler: numSamples must be a non-negative integer, got -1');
  });
});

describe('BatchSampler', () => {
  it('groups indices and keeps or drops the short tail', () => {
    expect([...new BatchSampler(new SequentialSampler(7), 3)]).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(new BatchSampler(new SequentialSampler(7), 3).length).toBe(3);
    expect([...new BatchSampler(new SequentialSampler(7), 3, true)]).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(new BatchSampler(new SequentialSampler(7), 3, true).length).toBe(2);
  });

  it('rejects a non-positive batch size', () => {
    expect(() => new BatchSampler(new SequentialSampler(3), 0)).toThrow('BatchSampler: batchSize must be a positive integer, got 0');
  });
});
