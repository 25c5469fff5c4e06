import { describe, expect, it } from 'vitest';
import { tensor } from '../ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { collateToHost, defaultCollate } from './collate.js';
import { isHostArray } from './host-batch.js';

describe('defaultCollate', () => {
  it('stacks tensors along a new batch dimension', async () => {
    const b = defaultCollate([tensor([1, 2]), tensor([3, 4]), tensor([5, 6])]);
    expect(b.shape).toEqual([3, 2]);
    expect(await b.toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
  });

  it('numbers: integers to int32, others to float32; booleans to bool', async () => {
    const ints = defaultCollate([1, 2, 3]);
    expect(ints.dtype).toBe('int32');
    expect(await ints.toArray()).toEqual([1, 2, 3]);
    const floats = defaultCollate([1, 2.5]);
    expect(floats.dtype).toBe('float32');
    expect(await floats.toArray()).toEqual([1, 2.5]);
    expect(defaultCollate([true, false]).dtype).toBe('bool');
  });

  it('typed arrays become rows; small integer arrays widen to int32', async () => {
    const f = defaultCollate([Float32Array.of(1, 2), Float32Array.of(3, 4)]);
    expect([f.shape, f.dtype]).toEqual([[2, 2], 'float32']);
    const u = defaultCollate([Uint8Array.of(255, 0), Uint8Array.of(1, 2)]);
    expect(u.dtype).toBe('int32');
    expect(await u.toArray()).toEqual([[255, 0], [1, 2]]);
  });

  it('recurses into tuples and objects, keeps strings as a list', async () => {
    const items = [
      { image: tensor([[1, 2]]), meta: { label: 0, name: 'a' }, pair: [1.5, Int32Array.of(7)] },
      { image: tensor([[3, 4]]), meta: { label: 1, name: 'b' }, pair: [2.5, Int32Array.of(8)] },
    ] as const;
    const b = defaultCollate([...items]);
    expect(b.image.shape).toEqual([2, 1, 2]);
    expect(await b.image.toArray()).toEqual([[[1, 2]], [[3, 4]]]);
    expect(await b.meta.label.toArray()).toEqual([0, 1]);
    expect(b.meta.name).toEqual(['a', 'b']);
    expect(await (b.pair[0] as Tensor).toArray()).toEqual([1.5, 2.5]);
    expect(await (b.pair[1] as Tensor).toArray()).toEqual([[7], [8]]);
  });

  it('names the field and item that do not match', () => {
    expect(() => defaultCollate([tensor([1, 2]), tensor([1, 2, 3])])).toThrow(
      'collate: batch item 1 is [3] float32 on cpu but item 0 is [2] float32 on cpu; every item must match to be stacked',
    );
    expect(() => defaultCollate([{ x: Float32Array.of(1) }, { x: Float32Array.of(1, 2) }])).toThrow(
      'collate.x: item 1 is [2] but item 0 is [1]; every item must match to be stacked',
    );
    expect(() => defaultCollate([{ x: 1 }, { y: 1 }])).toThrow("collate: item 1 has no field 'x'");
    expect(() => defaultCollate([null, null])).toThrow('collate: cannot collate items of type null; pass a custom collate function');
    expect(() => defaultCollate([])).toThrow('collate: cannot collate an empty batch');
  });
});

describe('collateToHost', () => {
  it('reads tensors back and stays on the host', async () => {
    const h = await collateToHost([{ x: tensor([1, 2]), y: 3 }, { x: tensor([4, 5]), y: 6 }]);
    const { x, y } = h as { x: unknown; y: unknown };
    expect(isHostArray(x) && [x.shape, x.dtype, Array.from(x.data)]).toEqual([[2, 2], 'float32', [1, 2, 4, 5]]);
    expect(isHostArray(y) && [y.shape, y.dtype, Array.from(y.data)]).toEqual([[2], 'int32', [3, 6]]);
  });
});

describe('defaultCollate of large integers', () => {
  it('keeps integers beyond int32 exact in float64', async () => {
    const b = defaultCollate([2 ** 40 + 1, 3]);
    expect(b.dtype).toBe('float64');
    expect(await b.toArray()).toEqual([2 ** 40 + 1, 3]);
  });
});
