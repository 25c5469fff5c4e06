import { describe, expect, it } from 'vitest';
import { BatchSampler } from './batch-sampler.js';
import { DataLoader } from './data-loader.js';
import { Dataset, IterableDataset } from './dataset.js';
import { DistributedSampler } from './distributed-sampler.js';

class Numbers extends Dataset<number> {
  constructor(readonly n: number) {
    super();
  }
  get length(): number {
    return this.n;
  }
  getItem(i: number): number {
    return i;
  }
}

class Stream extends IterableDataset<number> {
  async *[Symbol.asyncIterator](): AsyncIterator<number> {
    yield 1;
  }
}

describe('DataLoader.withSampler', () => {
  it('draws from the new sampler and keeps batch size, dropLast and collate', async () => {
    const loader = new DataLoader(new Numbers(11), { batchSize: 2, dropLast: true, shuffle: true, collate: (xs: number[]) => xs.join('+') });
    const mine = loader.withSampler(new DistributedSampler(11, { numReplicas: 2, rank: 1, shuffle: false }));
    expect(mine.batchSampler).toBeInstanceOf(BatchSampler);
    expect(mine.dropLast).toBe(true);
    const out: string[] = [];
    for await (const b of mine) out.push(b);
    // 11 padded to 12; rank 1 takes 1, 3, 5, 7, 9, 0; batches of 2 (none short here).
    expect(out).toEqual(['1+3', '5+7', '9+0']);
    expect(mine.length).toBe(3);
  });

  it('refuses loaders whose indices it cannot replace', () => {
    const bs = new DataLoader(new Numbers(4), { batchSampler: [[0, 1], [2, 3]] as unknown as BatchSampler });
    expect(() => bs.withSampler(new DistributedSampler(4, { numReplicas: 2, rank: 0 }))).toThrow('DataLoader.withSampler: this loader has a batchSampler, which decides the indices itself');
    const stream = new DataLoader(new Stream());
    expect(() => stream.withSampler(new DistributedSampler(4, { numReplicas: 2, rank: 0 }))).toThrow('DataLoader.withSampler: a sampler needs a map-style dataset (getItem + length)');
  });
});
