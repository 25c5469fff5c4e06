import { describe, expect, it } from 'vitest';
import { ShapeError } from '../tensor/errors.js';
import { arange, tensor } from './creation.js';
import { sum } from './reduce.js';
import { mul } from './binary.js';
import { expand, flatten, narrow, permute, reshape, slice, squeeze, transpose, unsqueeze, view } from './view.js';

const grid = () => reshape(arange(0, 12, 1, { dtype: 'float32' }), [3, 4]);

describe('views', () => {
  it('share storage and follow strides', async () => {
    const x = grid();
    const t = transpose(x, 0, 1);
    expect(t.shape).toEqual([4, 3]);
    expect(t.storage).toBe(x.storage);
    expect(t.isContiguous()).toBe(false);
    expect(await t.toArray()).toEqual([[0, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, 11]]);
    expect(await slice(x, 1, 1, undefined, 2).toArray()).toEqual([[1, 3], [5, 7], [9, 11]]);
    expect(await narrow(x, 0, 1, 2).toArray()).toEqual([[4, 5, 6, 7], [8, 9, 10, 11]]);
    expect(await slice(x, 1, -2).toArray()).toEqual([[2, 3], [6, 7], [10, 11]]);
  });

  it('reshape copies only non-dense views; view refuses them like PyTorch', async () => {
    const x = grid();
    expect(reshape(x, [2, -1]).storage).toBe(x.storage);
    const t = transpose(x, 0, 1);
    expect(() => view(t, [12])).toThrow(/use reshape/);
    expect(await reshape(t, [12]).toArray()).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    expect(() => reshape(x, [5, -1])).toThrow(ShapeError);
    expect(() => reshape(x, [5, -1])).toThrow('reshape: shape [5,-1] is invalid for input of shape [3,4] (12 elements)');
  });

  it('expand broadcasts without copying and sums gradients back', async () => {
    const b = tensor([[1], [2]], { requiresGrad: true });
    const e = expand(b, [2, 3]);
    expect(e.strides).toEqual([1, 0]);
    sum(mul(e, tensor([[1, 2, 3], [4, 5, 6]]))).backward();
    expect(await b.grad!.toArray()).toEqual([[6], [15]]);
    expect(() => expand(b, [3, 3])).toThrow(ShapeError);
  });

  it('routes gradients of permute, slice and flatten to the right elements', async () => {
    const x = tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], { requiresGrad: true });
    const y = flatten(slice(permute(x, [2, 0, 1]), 0, 1, 2));
    sum(mul(y, tensor([1, 10, 100, 1000]))).backward();
    expect(await x.grad!.toArray()).toEqual([[[0, 1], [0, 10]], [[0, 100], [0, 1000]]]);
  });

  it('squeeze and unsqueeze', () => {
    const x = tensor([[[1, 2, 3]]]);
    expect(squeeze(x).shape).toEqual([3]);
    expect(squeeze(x, 1).shape).toEqual([1, 3]);
    expect(unsqueeze(x, -1).shape).toEqual([1, 1, 3, 1]);
    expect(() => unsqueeze(x, 5)).toThrow(/out of range/);
  });
});
