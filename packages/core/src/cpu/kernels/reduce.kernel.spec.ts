import { describe, expect, it } from 'vitest';
import { amax, amin, sum, tensor } from '../../index.js';

/** Naive reduction of a dense [2,3,4,5] array over `axes` with `f`, in float64. */
function naive(values: number[], shape: number[], axes: number[], f: (a: number, b: number) => number, init: number): number[] {
  const keep = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const outShape = keep.map((i) => shape[i]);
  const out = new Array<number>(outShape.reduce((a, b) => a * b, 1)).fill(init);
  const idx = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < values.length; flat++) {
    let rem = flat;
    for (let d = shape.length - 1; d >= 0; d--) { idx[d] = rem % shape[d]; rem = Math.floor(rem / shape[d]); }
    let o = 0;
    for (const d of keep) o = o * shape[d] + idx[d];
    out[o] = f(out[o], values[flat]);
  }
  return out;
}

describe('CPU reduce kernel: runs of axes reduced one stage at a time', () => {
  const shape = [2, 3, 4, 5];
  const values = Array.from({ length: 120 }, (_, i) => Math.sin(i * 1.7) * 10);
  const x = tensor(values, { shape });
  for (const axes of [[0], [3], [1, 2], [0, 2], [0, 2, 3], [0, 1, 3], [0, 1, 2, 3], [1, 3]]) {
    it(`sum, amax and amin over axes [${axes}] match a naive reduction`, async () => {
      const s = await sum(x, axes).data();
      naive(values, shape, axes, (a, b) => a + b, 0).forEach((v, i) => expect(s[i]).toBeCloseTo(v, 4));
      expect([...(await amax(x, axes).data())]).toEqual(naive(values, shape, axes, Math.max, -Infinity).map(Math.fround));
      expect([...(await amin(x, axes).data())]).toEqual(naive(values, shape, axes, Math.min, Infinity).map(Math.fround));
    });
  }

  it('NaN wins amax over non-adjacent axes; int32 sums stay exact', async () => {
    const withNaN = [...values];
    withNaN[37] = Number.NaN;
    const m = await amax(tensor(withNaN, { shape }), [0, 2]).data();
    // Element 37 is at [0, 1, 3, 2]: output [1, 2] of the [3, 5] result.
    expect(Number.isNaN(m[1 * 5 + 2])).toBe(true);
    expect(m.filter((v) => Number.isNaN(v))).toHaveLength(1);
    const ints = tensor(Array.from({ length: 120 }, (_, i) => i), { shape, dtype: 'int32' });
    expect([...(await sum(ints, [0, 3]).data())]).toEqual(naive(Array.from({ length: 120 }, (_, i) => i), shape, [0, 3], (a, b) => a + b, 0));
  });
});
