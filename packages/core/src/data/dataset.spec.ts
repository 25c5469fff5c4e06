import { describe, expect, it } from 'vitest';
import { arange, tensor } from '../ops/creation.js';
import { reshape } from '../ops/view.js';
import { Generator } from '../random/generator.js';
import { randomSplit } from './random-split.js';
import { Subset } from './subset.js';
import { TensorDataset } from './tensor-dataset.js';

const xs = (): ReturnType<typeof reshape> => reshape(arange(0, 12, 1, { dtype: 'float32' }), [6, 2]);

describe('TensorDataset', () => {
  it('items are the rows of each tensor', async () => {
    const ds = new TensorDataset(xs(), tensor([0, 1, 2, 3, 4, 5], { dtype: 'int32' }));
    expect(ds.length).toBe(6);
    const [x, y] = ds.getItem(2);
    expect(x.shape).toEqual([2]);
    expect(await x.toArray()).toEqual([4, 5]);
    expect(await y.item()).toBe(2);
  });

  it('getBatch gathers rows in the given order (runs and scattered indices)', async () => {
    const ds = new TensorDataset(xs(), tensor([0, 1, 2, 3, 4, 5], { dtype: 'int32' }));
    const [x, y] = ds.getBatch([5, 0, 3]);
    expect(await x.toArray()).toEqual([[10, 11], [0, 1], [6, 7]]);
    expect(await y.toArray()).toEqual([5, 0, 3]);
    const [run] = ds.getBatch([2, 3, 4]);
    expect(await run.toArray()).toEqual([[4, 5], [6, 7], [8, 9]]);
  });

  it('rejects tensors of different lengths and bad indices', () => {
    expect(() => new TensorDataset(xs(), tensor([1, 2]))).toThrow('TensorDataset: size mismatch between tensors: [6,2], [2] do not share dimension 0');
    expect(() => new TensorDataset(xs()).getItem(6)).toThrow('TensorDataset: index 6 is out of range for a dataset of length 6');
  });
});

describe('Subset and randomSplit', () => {
  it('Subset maps indices (items and batches)', async () => {
    const s = new Subset(new TensorDataset(xs()), [4, 1]);
    expect(s.length).toBe(2);
    expect(await (await s.getItem(0))[0].toArray()).toEqual([8, 9]);
    const [b] = s.getBatch([1, 0]) as [ReturnType<typeof xs>];
    expect(await b.toArray()).toEqual([[2, 3], [8, 9]]);
  });

  it('randomSplit partitions the indices, by counts or fractions, reproducibly', () => {
    const ds = new TensorDataset(reshape(arange(0, 10, 1, { dtype: 'float32' }), [10, 1]));
    const [a, b] = randomSplit(ds, [7, 3], new Generator(3));
    expect([a.length, b.length]).toEqual([7, 3]);
    expect([...a.indices, ...b.indices].sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const [c] = randomSplit(ds, [7, 3], new Generator(3));
    expect(c.indices).toEqual(a.indices);
    // 10 * [0.33, 0.33, 0.34] floors to [3, 3, 3]; the leftover item goes to the first split.
    expect(randomSplit(ds, [0.33, 0.33, 0.34], new Generator(1)).map((s) => s.length)).toEqual([4, 3, 3]);
    expect(() => randomSplit(ds, [5, 4])).toThrow("randomSplit: lengths [5, 4] sum to 9, not the dataset's length 10");
  });
});
