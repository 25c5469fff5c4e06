import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { mul } from './binary.js';
import { tensor } from './creation.js';
import { embedding, gather, indexSelect } from './indexing.js';
import { sum } from './reduce.js';
import { transpose } from './view.js';
import { expectClose, loadOpCase } from './golden.spec-helper.js';

/** Backward of `sum(out * gradOut)`, as the fixtures define their gradients. */
const backwardWith = (out: Tensor, gradOut: Tensor): void => sum(mul(out, gradOut)).backward();

describe('gather', () => {
  it('matches torch.gather forward and backward (golden)', () => {
    const f = loadOpCase('gather');
    const a = f['in.a'].requiresGrad_();
    const out = gather(a, 1, f['in.idx']);
    expectClose(out, f.out);
    backwardWith(out, f.grad_out);
    expectClose(a.grad, f['grad.a']);
  });

  it('picks along dim 0 and accumulates repeated indices in the gradient', async () => {
    const x = tensor([[1, 2], [3, 4], [5, 6]], { requiresGrad: true });
    const idx = tensor([[2, 0], [2, 2]], { dtype: 'int32' });
    const out = gather(x, 0, idx);
    expect(await out.toArray()).toEqual([[5, 2], [5, 6]]);
    sum(out).backward();
    expect(await x.grad!.toArray()).toEqual([[0, 1], [0, 0], [2, 1]]);
  });

  it('reads strided inputs and takes a smaller index than the input', async () => {
    const x = transpose(tensor([[1, 2, 3], [4, 5, 6]]), 0, 1); // [[1,4],[2,5],[3,6]]
    expect(await gather(x, 1, tensor([[1], [0]], { dtype: 'int32' })).toArray()).toEqual([[4], [2]]);
  });

  it('rejects bad indices, index dtypes and shapes', () => {
    const x = tensor([[1, 2, 3]]);
    expect(() => gather(x, 1, tensor([[3]], { dtype: 'int32' }))).toThrow(RangeError);
    expect(() => gather(x, 1, tensor([[3]], { dtype: 'int32' }))).toThrow('gather: index 3 is out of bounds for dimension 1 with size 3');
    expect(() => gather(x, 1, tensor([[-1]], { dtype: 'int32' }))).toThrow(/index -1 is out of bounds/);
    expect(() => gather(x, 1, tensor([[0]]))).toThrow(DTypeError);
    expect(() => gather(x, 1, tensor([0], { dtype: 'int32' }))).toThrow(ShapeError);
    expect(() => gather(x, 1, tensor([[0], [0]], { dtype: 'int32' }))).toThrow(/larger than input \[1,3\] in dimension 0/);
  });
});

describe('indexSelect', () => {
  it('matches torch.index_select forward and backward (golden)', () => {
    const f = loadOpCase('index_select');
    const a = f['in.a'].requiresGrad_();
    const out = indexSelect(a, 0, f['in.idx']);
    expectClose(out, f.out);
    backwardWith(out, f.grad_out);
    expectClose(a.grad, f['grad.a']);
  });

  it('selects along the last dimension and int32 data', async () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'int32' });
    const out = indexSelect(x, -1, tensor([2, 2, 0], { dtype: 'int32' }));
    expect(out.dtype).toBe('int32');
    expect(await out.toArray()).toEqual([[3, 3, 1], [6, 6, 4]]);
  });

  it('accumulates the gradient of repeated indices', async () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const idx = tensor([0, 0, 2], { dtype: 'int32' });
    const y = indexSelect(x, 0, idx);
    expect(await y.toArray()).toEqual([1, 1, 3]);
    sum(mul(y, y)).backward();
    expect(await x.grad!.toArray()).toEqual([4, 0, 6]);
  });

  it('throws a RangeError naming the op, the index and the size', () => {
    const x = tensor([[1, 2], [3, 4]]);
    expect(() => indexSelect(x, 0, tensor([12], { dtype: 'int32' }))).toThrow('indexSelect: index 12 is out of bounds for dimension 0 with size 2');
    expect(() => indexSelect(x, 0, tensor([[0]], { dtype: 'int32' }))).toThrow(ShapeError);
  });
});

describe('embedding', () => {
  it('matches F.embedding forward and weight gradient (golden)', () => {
    const f = loadOpCase('embedding');
    const w = f['in.w'].requiresGrad_();
    const out = embedding(f['in.idx'], w);
    expect(out.shape).toEqual([3, 5, 4]);
    expectClose(out, f.out);
    backwardWith(out, f.grad_out);
    expectClose(w.grad, f['grad.w']);
  });

  it('names itself when an index is out of range', () => {
    const w = tensor([[1, 2], [3, 4]]);
    expect(() => embedding(tensor([[0, 10]], { dtype: 'int32' }), w)).toThrow('embedding: index 10 is out of bounds for dimension 0 with size 2');
    expect(() => embedding(tensor([0]), w)).toThrow(DTypeError);
  });
});

describe('indexSelect and embedding on a view into a longer array', () => {
  it('read only the elements of the view (a DataLoader batch of a dataset tensor)', async () => {
    const all = tensor([[0, 1], [2, 0], [1, 1]], { dtype: 'int32' });
    const batch = all.narrow(0, 1, 1); // [[2, 0]]: offset 2 into an array of 6
    const w = tensor([[10, 11], [20, 21], [30, 31]], { requiresGrad: true });
    const out = embedding(batch, w);
    expect(await out.toArray()).toEqual([[[30, 31], [10, 11]]]);
    sum(out).backward();
    expect(await w.grad!.toArray()).toEqual([[1, 1], [0, 0], [1, 1]]);
    const head = all.narrow(0, 0, 1); // offset 0, the first row only
    expect(await embedding(head, w).toArray()).toEqual([[[10, 11], [20, 21]]]);
  });
});
