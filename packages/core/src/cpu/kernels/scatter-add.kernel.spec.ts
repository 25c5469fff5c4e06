import { describe, expect, it } from 'vitest';
import type { DType } from '../../tensor/dtype.js';
import { fromValues } from '../../ops/creation.js';
import { runKernel } from '../../ops/dispatch.js';

describe('ScatterAdd kernel', () => {
  for (const dtype of ['float32', 'float64', 'int32'] as DType[]) {
    it(`${dtype}: adds src into zeros at index along the axis, accumulating repeats`, async () => {
      // index [2,3] into an output [3,4] along axis 0; src is larger than index and only its [2,3] corner is read.
      const index = fromValues(Int32Array.from([2, 0, 2, 2, 1, 2]), [2, 3], { dtype: 'int32' });
      const src = fromValues(Float64Array.from([1, 2, 3, 99, 10, 20, 30, 99]), [2, 4], { dtype });
      const out = runKernel('ScatterAdd', { index, src }, { axis: 0, shape: [3, 4] });
      expect(out.dtype).toBe(dtype);
      expect(await out.toArray()).toEqual([
        [0, 2, 0, 0],
        [0, 20, 0, 0],
        [11, 0, 33, 0],
      ]);
    });
  }

  it('scatters along the last axis', async () => {
    const index = fromValues(Int32Array.from([1, 1, 0, 2]), [2, 2], { dtype: 'int32' });
    const src = fromValues(Float32Array.from([1, 2, 3, 4]), [2, 2]);
    const out = runKernel('ScatterAdd', { index, src }, { axis: 1, shape: [2, 3] });
    expect(await out.toArray()).toEqual([[0, 3, 0], [3, 0, 4]]);
  });

  it('rejects an index outside the output', () => {
    const index = fromValues(Int32Array.from([3]), [1, 1], { dtype: 'int32' });
    const src = fromValues(Float32Array.from([1]), [1, 1]);
    expect(() => runKernel('ScatterAdd', { index, src }, { axis: 1, shape: [1, 3] })).toThrow(
      'scatterAdd: index 3 is out of bounds for dimension 1 with size 3',
    );
  });
});
