import { describe, expect, it } from 'vitest';
import { manualSeed } from '../random/generator.js';
import { DTypeError, ShapeError } from '../tensor/errors.js';
import { scaledDotProductAttention } from './attention.js';
import { conv1d } from './conv1d.js';
import { convTranspose2d } from './conv-transpose2d.js';
import { arange, full, tensor, zeros } from './creation.js';
import { cumsum } from './cumsum.js';
import { gelu } from './activation.js';
import { groupNorm } from './group-norm.js';
import { interpolate } from './interpolate.js';
import { embedding } from './indexing.js';
import { maskedFill } from './masked-fill.js';
import { logicalNot } from './unary.js';
import { multinomial } from './multinomial.js';
import { pad } from './pad.js';
import { sum } from './reduce.js';
import { topk } from './topk.js';
import { tril, triu } from './triangular.js';
import { reshape } from './view.js';

// The PyTorch golden cases of these ops run in tests/golden-seq.spec.ts; these pin the edges.

describe('maskedFill, triu, tril', () => {
  it('fills where a broadcast mask is true and passes gradient elsewhere', async () => {
    const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const out = maskedFill(x, tensor([true, false], { dtype: 'bool' }), -1);
    expect(await out.toArray()).toEqual([[-1, 2], [-1, 4]]);
    sum(out).backward();
    expect(await x.grad!.toArray()).toEqual([[0, 1], [0, 1]]);
  });

  it('rejects a mask that does not broadcast to the input, naming both shapes', () => {
    const x = zeros([2, 3]);
    expect(() => maskedFill(x, full([2, 2], 1, { dtype: 'bool' }), 0)).toThrow(new ShapeError('maskedFill: mask [2,2] does not broadcast to input [2,3]'));
    expect(() => maskedFill(x, full([4, 2, 3], 1, { dtype: 'bool' }), 0)).toThrow(/mask \[4,2,3\] does not broadcast to input \[2,3\]/);
    expect(() => maskedFill(x, zeros([2, 3]), 0)).toThrow(DTypeError);
  });

  it('keeps the triangles of non-square matrices', async () => {
    const x = reshape(arange(1, 7, 1, { dtype: 'float32' }), [2, 3]);
    expect(await triu(x, 1).toArray()).toEqual([[0, 2, 3], [0, 0, 6]]);
    expect(await tril(x, -1).toArray()).toEqual([[0, 0, 0], [4, 0, 0]]);
    expect(() => triu(zeros([3]))).toThrow(/triu: input must have at least 2 dimensions, got \[3\]/);
  });
});

describe('cumsum', () => {
  it('runs along any dim, sums ints as ints, and back-propagates the reversed running sum', async () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
    expect(await cumsum(x, 0).toArray()).toEqual([[1, 2, 3], [5, 7, 9]]);
    const out = cumsum(x, -1);
    expect(await out.toArray()).toEqual([[1, 3, 6], [4, 9, 15]]);
    sum(out).backward();
    expect(await x.grad!.toArray()).toEqual([[3, 2, 1], [3, 2, 1]]);
    const ints = cumsum(tensor([1, 2, 3], { dtype: 'int32' }), 0);
    expect(ints.dtype).toBe('int32');
    expect(await ints.toArray()).toEqual([1, 3, 6]);
  });
});

describe('pad', () => {
  const row = (): ReturnType<typeof tensor> => tensor([[[1, 2, 3]]]);
  it('pads each mode of the last dimension as PyTorch does', async () => {
    expect(await pad(row(), [2, 1], { mode: 'reflect' }).toArray()).toEqual([[[3, 2, 1, 2, 3, 2]]]);
    expect(await pad(row(), [2, 1], { mode: 'replicate' }).toArray()).toEqual([[[1, 1, 1, 2, 3, 3]]]);
    expect(await pad(row(), [2, 1], { mode: 'circular' }).toArray()).toEqual([[[2, 3, 1, 2, 3, 1]]]);
    expect(await pad(row(), [1, -1], { value: 9 }).toArray()).toEqual([[[9, 1, 2]]]);
  });

  it('accumulates the gradient of reflected elements', async () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    sum(pad(x, [2, 2], { mode: 'reflect' })).backward();
    expect(await x.grad!.toArray()).toEqual([2, 3, 2]);
  });

  it('rejects reflect padding as large as the dimension and odd pad lists', () => {
    expect(() => pad(row(), [3, 0], { mode: 'reflect' })).toThrow('pad: input [1,1,3], pad [3,0]: reflect padding of dimension 2 must be smaller than its size 3');
    expect(() => pad(row(), [1])).toThrow(/pad must list \(before, after\) pairs/);
    expect(() => pad(row(), [1, 1, 1, 1, 1, 1, 1, 1])).toThrow(/pads 4 dimensions of a 3-D input/);
  });
});

describe('gelu tanh, groupNorm, interpolate, embedding paddingIdx', () => {
  it('tanh GELU is close to the exact one and exact at 0', async () => {
    const x = tensor([-3, -1, 0, 1, 3]);
    const [a, e] = [gelu(x, { approximate: 'tanh' }).dataSync(), gelu(x).dataSync()];
    a.forEach((v, i) => expect(Math.abs(v - e[i])).toBeLessThan(1e-3));
    expect(a[2]).toBe(0);
    expect(() => gelu(x, { approximate: 'fast' as 'tanh' })).toThrow(TypeError);
  });

  it('groupNorm normalises each group to mean 0 and refuses indivisible channels', async () => {
    const y = groupNorm(reshape(arange(0, 16, 1, { dtype: 'float32' }), [1, 4, 2, 2]), 2).dataSync();
    expect(Math.abs(Array.from(y.slice(0, 8)).reduce((s, v) => s + v, 0))).toBeLessThan(1e-5);
    expect(() => groupNorm(zeros([1, 6, 2]), 4)).toThrow('groupNorm: 6 channels of input [1,6,2] are not divisible by numGroups=4');
  });

  it('interpolates by size and with aligned corners', async () => {
    const x = tensor([[[[0, 1]]]]);
    expect(await interpolate(x, { size: [1, 3], mode: 'bilinear', alignCorners: true }).toArray()).toEqual([[[[0, 0.5, 1]]]]);
    expect(await interpolate(x, { size: [1, 4] }).toArray()).toEqual([[[[0, 0, 1, 1]]]]);
    expect(() => interpolate(zeros([1, 1, 4]), { scaleFactor: 2, mode: 'bilinear' })).toThrow(/bilinear needs a 4-D/);
    expect(() => interpolate(x, {})).toThrow(/give exactly one of size and scaleFactor/);
  });

  it('embedding with paddingIdx leaves the padding row without gradient (negative index too)', async () => {
    const w = tensor([[1, 1], [2, 2], [3, 3]], { requiresGrad: true });
    const out = embedding(tensor([0, 2, 2], { dtype: 'int32' }), w, { paddingIdx: -1 });
    expect(await out.toArray()).toEqual([[1, 1], [3, 3], [3, 3]]);
    sum(out).backward();
    expect(await w.grad!.toArray()).toEqual([[1, 1], [0, 0], [0, 0]]);
    expect(() => embedding(tensor([0], { dtype: 'int32' }), w, { paddingIdx: 3 })).toThrow(/paddingIdx 3 is out of range for weight \[3,2\]/);
  });
});

describe('conv1d and convTranspose2d', () => {
  it('name their own op and shapes in errors', () => {
    expect(() => conv1d(zeros([1, 3, 5]), zeros([2, 4, 3]))).toThrow(/^conv1d: input \[1,3,5\], weight \[2,4,3\]: expected weight to have 3 input channels/);
    expect(() => conv1d(zeros([1, 3, 5, 1]), zeros([2, 3, 3]))).toThrow(/expected a 3-D \[N,C,L\]/);
    expect(() => convTranspose2d(zeros([1, 2, 3, 3]), zeros([2, 1, 3, 3]), null, { stride: 2, outputPadding: 2 })).toThrow(
      /convTranspose2d: input \[1,2,3,3\], weight \[2,1,3,3\]: outputPadding 2 must be smaller than stride or dilation/,
    );
    expect(() => convTranspose2d(zeros([1, 3, 3, 3]), zeros([2, 1, 3, 3]))).toThrow(/input has 3 channels, weight expects 2/);
  });

  it('convTranspose2d of a 1x1 input is the kernel, shifted by the bias', async () => {
    const w = reshape(arange(0, 4, 1, { dtype: 'float32' }), [1, 1, 2, 2]);
    expect(await convTranspose2d(full([1, 1, 1, 1], 2), w, tensor([1])).toArray()).toEqual([[[[1, 3], [5, 7]]]]);
  });
});

describe('scaledDotProductAttention', () => {
  const q = (): ReturnType<typeof zeros> => reshape(arange(0, 12, 1, { dtype: 'float32' }), [1, 3, 4]).div(10);
  it('a float mask of 0 / -inf equals the bool mask, and causal equals a lower-triangle bool mask', async () => {
    const allowed = tril(full([3, 3], 1)).gt(0);
    const floatMask = maskedFill(zeros([3, 3]), logicalNot(allowed), -Infinity);
    const a = scaledDotProductAttention(q(), q(), q(), { attnMask: allowed }).dataSync();
    const b = scaledDotProductAttention(q(), q(), q(), { attnMask: floatMask }).dataSync();
    const c = scaledDotProductAttention(q(), q(), q(), { isCausal: true }).dataSync();
    a.forEach((v, i) => {
      expect(b[i]).toBeCloseTo(v, 6);
      expect(c[i]).toBeCloseTo(v, 6);
    });
  });

  it('rejects a mask that does not broadcast, naming the mask, the scores and the inputs', () => {
    expect(() => scaledDotProductAttention(q(), q(), q(), { attnMask: full([2, 3], 1, { dtype: 'bool' }) })).toThrow(
      new ShapeError('scaledDotProductAttention: attnMask [2,3] does not broadcast to the attention scores [1,3,3] (query [1,3,4], key [1,3,4], value [1,3,4])'),
    );
    expect(() => scaledDotProductAttention(q(), zeros([1, 3, 5]), q())).toThrow(/query and key embedding sizes 4 and 5 differ/);
  });
});

describe('topk and multinomial', () => {
  it('topk returns sorted values, their indices, and a gradient at the picked places', async () => {
    const x = tensor([[1, 5, 3, 4], [9, 0, 7, 8]], { requiresGrad: true });
    const [v, i] = topk(x, 2);
    expect(await v.toArray()).toEqual([[5, 4], [9, 8]]);
    expect(await i.toArray()).toEqual([[1, 3], [0, 3]]);
    sum(v).backward();
    expect(await x.grad!.toArray()).toEqual([[0, 1, 0, 1], [1, 0, 0, 1]]);
    const [small] = topk(tensor([3, 1, 2]), 2, { largest: false });
    expect(await small.toArray()).toEqual([1, 2]);
    expect(() => topk(tensor([1, 2]), 3)).toThrow(RangeError);
  });

  it('multinomial is seeded, never draws a zero-probability class, and follows the weights', async () => {
    const p = tensor([0.1, 0, 0.6, 0.3]);
    manualSeed(5);
    const a = await multinomial(p, 2000, { replacement: true }).toArray();
    manualSeed(5);
    expect(await multinomial(p, 2000, { replacement: true }).toArray()).toEqual(a);
    const counts = [0, 0, 0, 0];
    for (const k of a as number[]) counts[k]++;
    expect(counts[1]).toBe(0);
    expect(counts[2] / 2000).toBeGreaterThan(0.55);
    expect(counts[2] / 2000).toBeLessThan(0.65);
    const without = (await multinomial(tensor([[1, 1, 0, 1]]), 3).toArray()) as number[][];
    expect([...without[0]].sort()).toEqual([0, 1, 3]);
    expect(() => multinomial(p, 5)).toThrow(/cannot draw 5 samples without replacement from 4 categories/);
  });
});
