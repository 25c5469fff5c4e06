import { describe, expect, it } from 'vitest';
import { arange, tensor } from '../ops/creation.js';
import { reshape } from '../ops/view.js';
import { Generator } from '../random/generator.js';
import type { Tensor } from '../tensor/tensor.js';
import { BatchSampler } from './batch-sampler.js';
import { DataLoader } from './data-loader.js';
import { Dataset, IterableDataset } from './dataset.js';
import { SequentialSampler } from './sampler.js';
import { TensorDataset } from './tensor-dataset.js';

class Squares extends Dataset<{ x: number; y: Float32Array }> {
  constructor(readonly n: number) {
    super();
  }
  get length(): number {
    return this.n;
  }
  getItem(i: number): { x: number; y: Float32Array } {
    return { x: i, y: Float32Array.of(i * i) };
  }
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function xs<T extends { x: Tensor }>(loader: AsyncIterable<T>): Promise<number[][]> {
  const out: number[][] = [];
  for await (const b of loader) out.push(Array.from(await b.x.data()));
  return out;
}

describe('DataLoader (in-process)', () => {
  it('batches in sampler order and keeps the short last batch', async () => {
    const loader = new DataLoader(new Squares(7), { batchSize: 3 });
    expect(loader.length).toBe(3);
    expect(await xs(loader)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('dropLast drops the short batch', async () => {
    const loader = new DataLoader(new Squares(7), { batchSize: 3, dropLast: true });
    expect(loader.length).toBe(2);
    expect(await xs(loader)).toEqual([[0, 1, 2], [3, 4, 5]]);
  });

  it('collates nested items', async () => {
    const [b] = await collect(new DataLoader(new Squares(2), { batchSize: 2 }));
    expect(b.x.dtype).toBe('int32');
    expect(b.y.shape).toEqual([2, 1]);
    expect(await b.y.toArray()).toEqual([[0], [1]]);
  });

  it('shuffle is a new permutation each epoch, the same for the same seed', async () => {
    const run = async (seed: number): Promise<number[][]> => {
      const loader = new DataLoader(new Squares(20), { batchSize: 20, shuffle: true, generator: new Generator(seed) });
      return [...(await xs(loader)), ...(await xs(loader))];
    };
    const a = await run(11);
    expect([...a[0]].sort((p, q) => p - q)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(a[1]).not.toEqual(a[0]);
    expect(await run(11)).toEqual(a);
    expect(await run(12)).not.toEqual(a);
  });

  it('takes a batchSampler', async () => {
    const loader = new DataLoader(new Squares(6), { batchSampler: new BatchSampler(new SequentialSampler(6), 4) });
    expect(loader.length).toBe(2);
    expect(await xs(loader)).toEqual([[0, 1, 2, 3], [4, 5]]);
  });

  it('a custom collate gets the items', async () => {
    const loader = new DataLoader(new Squares(4), { batchSize: 2, collate: (items) => items.map((it) => it.x) });
    expect(await collect(loader)).toEqual([[0, 1], [2, 3]]);
  });

  it('TensorDataset batches gather rows directly', async () => {
    const x = reshape(arange(0, 10, 1, { dtype: 'float32' }), [5, 2]);
    const loader = new DataLoader(new TensorDataset(x, tensor([0, 1, 0, 1, 1], { dtype: 'int32' })), { batchSize: 2 });
    const batches = await collect(loader);
    expect(batches).toHaveLength(3);
    expect(await batches[0][0].toArray()).toEqual([[0, 1], [2, 3]]);
    expect(await batches[2][1].toArray()).toEqual([1]);
  });

  it('iterates stream datasets in order', async () => {
    class Count extends IterableDataset<number> {
      async *[Symbol.asyncIterator](): AsyncIterator<number> {
        for (let i = 0; i < 5; i++) yield i;
      }
    }
    const batches = await collect(new DataLoader(new Count(), { batchSize: 2 }));
    expect(await Promise.all(batches.map((b) => b.toArray()))).toEqual([[0, 1], [2, 3], [4]]);
    expect(() => new DataLoader(new Count(), { batchSize: 2 }).length).toThrow('DataLoader: this stream dataset has no length');
    expect(() => new DataLoader(new Count(), { shuffle: true })).toThrow('shuffle, sampler and batchSampler need a map-style dataset');
  });

  it('rejects contradictory options and workers without a module or pool', () => {
    const ds = new Squares(4);
    expect(() => new DataLoader(ds, { batchSize: 0 })).toThrow('DataLoader: batchSize must be a positive integer, got 0');
    expect(() => new DataLoader(ds, { sampler: new SequentialSampler(4), shuffle: true })).toThrow('mutually exclusive with shuffle');
    expect(() => new DataLoader(ds, { batchSampler: new BatchSampler(new SequentialSampler(4), 2), batchSize: 2 })).toThrow(
      'batchSampler option is mutually exclusive with batchSize, shuffle, sampler, and dropLast',
    );
    expect(() => new DataLoader(ds, { numWorkers: 2 })).toThrow('needs `workerModule`');
    expect(() => new DataLoader(ds, { numWorkers: 2, workerModule: 'x.js' })).toThrow(
      "needs `workerPool`; in Node pass `threadWorkerPool` from '@flint/core/node'",
    );
  });
});
