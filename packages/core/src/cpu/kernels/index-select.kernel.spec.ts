import { describe, expect, it } from 'vitest';
import type { DType } from '../../tensor/dtype.js';
import { fromValues } from '../../ops/creation.js';
import { runKernel } from '../../ops/dispatch.js';

const x3 = (dtype: DType) => fromValues(Float64Array.from({ length: 12 }, (_, i) => i), [2, 3, 2], { dtype });
const idx = (...v: number[]) => fromValues(Int32Array.from(v), [v.length], { dtype: 'int32' });

describe('IndexSelect kernel', () => {
  for (const dtype of ['float32', 'float64', 'int32'] as DType[]) {
    it(`${dtype}: selects slices along the middle axis, repeats allowed`, async () => {
      const out = runKernel('IndexSelect', { x: x3(dtype), index: idx(2, 0, 2) }, { axis: 1 });
      expect(out.dtype).toBe(dtype);
      expect(await out.toArray()).toEqual([
        [[4, 5], [0, 1], [4, 5]],
        [[10, 11], [6, 7], [10, 11]],
      ]);
    });
  }

  it('selects along the first and last axes', async () => {
    expect(await runKernel('IndexSelect', { x: x3('float32'), index: idx(1) }, { axis: 0 }).toArray()).toEqual([[[6, 7], [8, 9], [10, 11]]]);
    const last = runKernel('IndexSelect', { x: x3('float32'), index: idx(1) }, { axis: 2 });
    expect(Array.from(last.dataSync())).toEqual([1, 3, 5, 7, 9, 11]);
  });

  it('throws on an index past the end', () => {
    expect(() => runKernel('IndexSelect', { x: x3('float32'), index: idx(0, 3) }, { axis: 1 })).toThrow(
      'indexSelect: index 3 is out of bounds for dimension 1 with size 3',
    );
  });
});

describe('IndexAdd kernel', () => {
  for (const dtype of ['float32', 'float64', 'int32'] as DType[]) {
    it(`${dtype}: adds slice j of src into slice index[j] of zeros`, async () => {
      const src = fromValues(Float64Array.from([1, 2, 3, 4, 5, 6]), [2, 3], { dtype });
      const out = runKernel('IndexAdd', { index: idx(1, 1, 0), src }, { axis: 1, shape: [2, 2] });
      expect(out.dtype).toBe(dtype);
      expect(await out.toArray()).toEqual([[3, 3], [6, 9]]);
    });
  }

  it('rejects negative indices', () => {
    const src = fromValues(Float32Array.from([1]), [1]);
    expect(() => runKernel('IndexAdd', { index: idx(-1), src }, { axis: 0, shape: [4] })).toThrow(
      'indexAdd: index -1 is out of bounds for dimension 0 with size 4',
    );
  });
});
