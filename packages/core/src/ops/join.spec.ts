import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError } from '../tensor/errors.js';
import { mul } from './binary.js';
import { arange, tensor } from './creation.js';
import { cat, chunk, split, stack } from './join.js';
import { sum } from './reduce.js';
import { reshape, transpose } from './view.js';
import { expectClose, loadOpCase } from './golden.spec-helper.js';

describe('cat', () => {
  it('matches torch.cat along dim 1 forward and backward (golden)', () => {
    const f = loadOpCase('cat_dim1');
    const a = f['in.a'].requiresGrad_();
    const b = f['in.b'].requiresGrad_();
    const out = cat([a, b], 1);
    expectClose(out, f.out);
    sum(mul(out, f.grad_out)).backward();
    expectClose(a.grad, f['grad.a']);
    expectClose(b.grad, f['grad.b']);
  });

  it('joins strided views along a negative dim', async () => {
    const a = transpose(tensor([[1, 2], [3, 4]]), 0, 1);
    const b = tensor([[9], [8]]);
    expect(await cat([a, b], -1).toArray()).toEqual([[1, 3, 9], [2, 4, 8]]);
    expect(await cat([b, b, b], 0).toArray()).toEqual([[9], [8], [9], [8], [9], [8]]);
  });

  it('rejects mismatched shapes, ranks and dtypes, naming cat and the shapes', () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(() => cat([a, tensor([[1, 2]])], 1)).toThrow(ShapeError);
    expect(() => cat([a, tensor([[1, 2]])], 1)).toThrow('cat: [2,3], [1,2]: sizes must match except in dimension 1');
    expect(() => cat([a, tensor([1, 2, 3])], 0)).toThrow(/cat: \[2,3\], \[3\]/);
    expect(() => cat([a, tensor([[1, 2, 3]], { dtype: 'int32' })], 0)).toThrow(DTypeError);
    expect(() => cat([], 0)).toThrow(ShapeError);
  });
});

describe('stack', () => {
  it('matches torch.stack along dim 0 forward and backward (golden)', () => {
    const f = loadOpCase('stack_dim0');
    const a = f['in.a'].requiresGrad_();
    const b = f['in.b'].requiresGrad_();
    const out = stack([a, b], 0);
    expectClose(out, f.out);
    sum(mul(out, f.grad_out)).backward();
    expectClose(a.grad, f['grad.a']);
    expectClose(b.grad, f['grad.b']);
  });

  it('stacks along the last new dimension and rejects unequal shapes', async () => {
    const a = tensor([1, 2]);
    const b = tensor([3, 4]);
    expect(await stack([a, b], -1).toArray()).toEqual([[1, 3], [2, 4]]);
    expect(() => stack([a, tensor([1, 2, 3])])).toThrow('stack: expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1');
  });
});

describe('split and chunk', () => {
  const x = () => reshape(arange(0, 10, 1, { dtype: 'float32' }), [5, 2]);

  it('split by size leaves a smaller last piece; views share storage', async () => {
    const t = x();
    const parts = split(t, 2);
    expect(parts.map((p) => p.shape)).toEqual([[2, 2], [2, 2], [1, 2]]);
    expect(parts[0].storage).toBe(t.storage);
    expect(await parts[2].toArray()).toEqual([[8, 9]]);
  });

  it('split by sections, along dim 1, and rejects sections that do not add up', async () => {
    const parts = split(x(), [1, 4]);
    expect(parts.map((p) => p.shape)).toEqual([[1, 2], [4, 2]]);
    expect(await split(x(), 1, 1)[1].toArray()).toEqual([[1], [3], [5], [7], [9]]);
    expect(() => split(x(), [2, 2])).toThrow(/sum to 5/);
  });

  it('chunk follows PyTorch: ceil-sized chunks, possibly fewer than asked', () => {
    expect(chunk(x(), 2).map((p) => p.shape[0])).toEqual([3, 2]);
    expect(chunk(reshape(arange(0, 6, 1, { dtype: 'float32' }), [6]), 4).map((p) => p.shape[0])).toEqual([2, 2, 2]);
    expect(chunk(x(), 5).length).toBe(5);
    expect(() => chunk(x(), 0)).toThrow(ShapeError);
  });

  it('gradients of split pieces land in their slices', async () => {
    const t = tensor([1, 2, 3, 4, 5], { requiresGrad: true });
    const [a, b] = split(t, [2, 3]);
    sum(mul(a, 10)).add(sum(b)).backward();
    expect(await t.grad!.toArray()).toEqual([10, 10, 1, 1, 1]);
  });
});
