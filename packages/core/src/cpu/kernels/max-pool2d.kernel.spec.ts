import { describe, expect, it } from 'vitest';
import { maxPool2dWithIndices, tensor } from '../../index.js';

/** PyTorch's max pooling of one [h, w] plane by 2x2 windows, stride 2: first maximum wins, a NaN wins over all. */
function naive(x: number[], h: number, w: number): { values: number[]; indices: number[] } {
  const values: number[] = [];
  const indices: number[] = [];
  for (let y = 0; y + 2 <= h; y += 2) {
    for (let c = 0; c + 2 <= w; c += 2) {
      let best = -Infinity;
      let arg = y * w + c;
      for (const at of [y * w + c, y * w + c + 1, (y + 1) * w + c, (y + 1) * w + c + 1]) {
        if (x[at] > best || Number.isNaN(x[at])) { best = x[at]; arg = at; }
      }
      values.push(best);
      indices.push(arg);
    }
  }
  return { values, indices };
}

describe('CPU MaxPool2D, unrolled 2x2 stride-2 path', () => {
  it('matches the general semantics on ties, -inf, NaN and odd sizes (the last row and column dropped)', async () => {
    const [h, w] = [5, 7];
    const plane = Array.from({ length: h * w }, (_, i) => [3, -1, 3, -Infinity, NaN, 0, -0, 2.5][i % 8] * (i % 3 === 0 ? 1 : -1));
    plane[0] = plane[1] = plane[7] = plane[8] = -Infinity; // an all -inf window keeps its first index
    const x = tensor([...plane, ...plane.map((v) => v * 2)], { shape: [1, 2, h, w] });
    const [v, i] = maxPool2dWithIndices(x, 2, { stride: 2 });
    const want = [naive(plane, h, w), naive(plane.map((z) => z * 2), h, w)];
    expect([...(await v.data())]).toEqual([...want[0].values, ...want[1].values].map(Math.fround));
    expect([...(await i.data())]).toEqual([...want[0].indices, ...want[1].indices]);
  });
});
