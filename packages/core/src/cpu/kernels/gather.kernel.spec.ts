import { describe, expect, it } from 'vitest';
import type { DType } from '../../tensor/dtype.js';
import { fromValues } from '../../ops/creation.js';
import { runKernel } from '../../ops/dispatch.js';
import { getBackend } from '../../backend/devices.js';

/** Row-major coordinates of flat index `i` in `shape`. */
const coords = (i: number, shape: readonly number[]): number[] => {
  const c = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    c[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return c;
};
const flat = (c: readonly number[], shape: readonly number[]): number => c.reduce((acc, v, d) => acc * shape[d] + v, 0);

describe('Gather kernel', () => {
  const xShape = [3, 4, 5];
  const iShape = [2, 3, 4];
  for (const dtype of ['float32', 'float64', 'int32'] as DType[]) {
    for (const axis of [0, 1, 2]) {
      it(`${dtype}, axis ${axis}: out[c] = x[c with index[c] on the axis], index smaller than x`, () => {
        const xs = Float64Array.from({ length: 60 }, (_, i) => i * 3 - 7);
        const is = Int32Array.from({ length: 24 }, (_, i) => (i * 7 + axis) % xShape[axis]);
        const x = fromValues(xs, xShape, { dtype });
        const index = fromValues(is, iShape, { dtype: 'int32' });
        const out = runKernel('Gather', { x, index }, { axis });
        expect(out.dtype).toBe(dtype);
        expect(out.shape).toEqual(iShape);
        const want = Array.from(is, (v, i) => {
          const c = coords(i, iShape);
          c[axis] = v;
          return xs[flat(c, xShape)];
        });
        expect(Array.from(out.dataSync())).toEqual(want);
      });
    }
  }

  it('throws a RangeError before allocating anything', () => {
    const x = fromValues(new Float32Array(6), [2, 3]);
    const index = fromValues(Int32Array.from([0, 12]), [2, 1], { dtype: 'int32' });
    const before = getBackend('cpu').memory().buffers;
    expect(() => runKernel('Gather', { x, index }, { axis: 0 })).toThrow('gather: index 12 is out of bounds for dimension 0 with size 2');
    expect(getBackend('cpu').memory().buffers).toBe(before);
  });
});
