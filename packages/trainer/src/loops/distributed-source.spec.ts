import { describe, expect, it } from 'vitest';
import { DataLoader, DistributedSampler, fromValues, RandomSampler, TensorDataset } from '@flint/core';
import { distributeSource, distributedSamplerOf } from './distributed-source.js';

const dataset = (): TensorDataset => new TensorDataset(fromValues(Float32Array.from({ length: 10 }, (_, i) => i), [10]));

async function firsts(loader: AsyncIterable<unknown>): Promise<number[][]> {
  const out: number[][] = [];
  for await (const b of loader) out.push(Array.from(await (b as [{ data(): Promise<Float32Array> }])[0].data()));
  return out;
}

describe('distributeSource', () => {
  it('rebuilds a default loader over a DistributedSampler: rank 1 of 2 reads every other row, padded', async () => {
    const loader = new DataLoader(dataset(), { batchSize: 2, dropLast: false });
    const mine = distributeSource(loader, { rank: 1, worldSize: 3 }, 0);
    const sampler = distributedSamplerOf(mine)!;
    expect(sampler).toBeInstanceOf(DistributedSampler);
    expect(sampler).toMatchObject({ numReplicas: 3, rank: 1, shuffle: false });
    // 10 rows padded to 12: rank 1 takes positions 1, 4, 7, 10 -> rows 1, 4, 7, 0.
    expect(await firsts(mine as AsyncIterable<unknown>)).toEqual([[1, 4], [7, 0]]);
  });

  it('keeps shuffling as the loader did, seeded, and reshuffles with setEpoch', async () => {
    const loader = new DataLoader(dataset(), { batchSize: 5, shuffle: true });
    const a = distributeSource(loader, { rank: 0, worldSize: 2 }, 7);
    const s = distributedSamplerOf(a)!;
    expect(s.shuffle).toBe(true);
    const e0 = (await firsts(a as AsyncIterable<unknown>)).flat();
    expect(e0).toEqual(s.indices());
    s.setEpoch(1);
    expect((await firsts(a as AsyncIterable<unknown>)).flat()).not.toEqual(e0);
  });

  it('leaves one rank, custom samplers and non-DataLoader sources alone', () => {
    const loader = new DataLoader(dataset(), { batchSize: 2 });
    expect(distributeSource(loader, { rank: 0, worldSize: 1 }, 0)).toBe(loader);
    const custom = new DataLoader(dataset(), { batchSize: 2, sampler: { length: 2, *[Symbol.iterator]() { yield 3; yield 1; } } });
    expect(distributeSource(custom, { rank: 0, worldSize: 2 }, 0)).toBe(custom);
    const own = new DataLoader(dataset(), { batchSize: 2, sampler: new DistributedSampler(10, { numReplicas: 2, rank: 0 }) });
    expect(distributeSource(own, { rank: 0, worldSize: 2 }, 0)).toBe(own);
    const plain = [[1], [2]];
    expect(distributeSource(plain, { rank: 0, worldSize: 2 }, 0)).toBe(plain);
    expect(new DataLoader(dataset(), { shuffle: true }).batchSampler).toMatchObject({ sampler: expect.any(RandomSampler) });
  });
});
