import { describe, expect, it } from 'vitest';
import { DistributedSampler } from './distributed-sampler.js';

const ranks = (n: number, world: number, opts: { shuffle?: boolean; dropLast?: boolean; seed?: number } = {}, epoch = 0): number[][] =>
  Array.from({ length: world }, (_, rank) => {
    const s = new DistributedSampler(n, { numReplicas: world, rank, ...opts });
    s.setEpoch(epoch);
    return [...s];
  });

describe('DistributedSampler', () => {
  it('N=1003, world 4: 251 per rank, covers all with exactly one duplicate, epochs differ, reproducible', () => {
    const seen: number[][][] = [];
    for (let epoch = 0; epoch < 3; epoch++) {
      const parts = ranks(1003, 4, {}, epoch);
      for (const p of parts) expect(p).toHaveLength(251);
      const all = parts.flat();
      expect(all).toHaveLength(1004);
      expect(new Set(all).size).toBe(1003);
      expect(ranks(1003, 4, {}, epoch)).toEqual(parts);
      seen.push(parts);
    }
    expect(seen[1][0]).not.toEqual(seen[0][0]);
    expect(seen[2][0]).not.toEqual(seen[1][0]);
  });

  it('pads by repeating from the start, rank r takes indices[r::world] (no shuffle)', () => {
    expect(ranks(10, 4, { shuffle: false })).toEqual([
      [0, 4, 8],
      [1, 5, 9],
      [2, 6, 0],
      [3, 7, 1],
    ]);
    // More padding than items: repeats the list as many times as needed (PyTorch's rule).
    expect(ranks(2, 5, { shuffle: false })).toEqual([[0], [1], [0], [1], [0]]);
  });

  it('dropLast cuts the tail to a multiple of the world size', () => {
    const parts = ranks(10, 4, { shuffle: false, dropLast: true });
    expect(parts).toEqual([[0, 4], [1, 5], [2, 6], [3, 7]]);
    expect(new DistributedSampler(10, { numReplicas: 4, rank: 0, dropLast: true }).length).toBe(2);
  });

  it('changes order only through setEpoch', () => {
    const s = new DistributedSampler(100, { numReplicas: 2, rank: 1, seed: 5 });
    const first = [...s];
    expect([...s]).toEqual(first);
    s.setEpoch(1);
    expect([...s]).not.toEqual(first);
  });

  it('rejects a rank outside the world', () => {
    expect(() => new DistributedSampler(10, { numReplicas: 4, rank: 4 })).toThrow(
      'DistributedSampler: invalid rank 4, rank should be in the interval [0, 3]',
    );
  });
});
