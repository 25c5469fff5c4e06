import { describe, expect, it } from 'vitest';
import { convGeometry, im2col } from './im2col.js';

/** The column matrix by its definition: row (c, i, j), column (y, x) holds the input pixel under tap (i, j), 0 in the padding. */
function naiveIm2col(x: Float32Array, c: number, h: number, w: number, kh: number, kw: number, s: [number, number], pad: [number, number], dil: [number, number]): number[] {
  const oh = Math.floor((h + 2 * pad[0] - dil[0] * (kh - 1) - 1) / s[0]) + 1;
  const ow = Math.floor((w + 2 * pad[1] - dil[1] * (kw - 1) - 1) / s[1]) + 1;
  const out: number[] = [];
  for (let ci = 0; ci < c; ci++) for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
    for (let y = 0; y < oh; y++) for (let xo = 0; xo < ow; xo++) {
      const iy = y * s[0] - pad[0] + i * dil[0];
      const ix = xo * s[1] - pad[1] + j * dil[1];
      out.push(iy >= 0 && iy < h && ix >= 0 && ix < w ? x[(ci * h + iy) * w + ix] : 0);
    }
  }
  return out;
}

describe('im2col', () => {
  const cases: Array<{ name: string; c: number; h: number; w: number; kh: number; kw: number; s: [number, number]; pad: [number, number]; dil: [number, number] }> = [
    // "same" shapes take the block-copy path (stride 1, output rows as wide as input rows)
    { name: 'same 5x5 (LeNet conv1)', c: 1, h: 8, w: 9, kh: 5, kw: 5, s: [1, 1], pad: [2, 2], dil: [1, 1] },
    { name: 'same 3x5, two channels', c: 2, h: 6, w: 7, kh: 3, kw: 5, s: [1, 1], pad: [1, 2], dil: [1, 1] },
    { name: 'same 3x3, dilation 2', c: 2, h: 7, w: 6, kh: 3, kw: 3, s: [1, 1], pad: [2, 2], dil: [2, 2] },
    { name: 'same width, narrower height', c: 1, h: 6, w: 6, kh: 3, kw: 3, s: [1, 1], pad: [0, 1], dil: [1, 1] },
    // the row-by-row path
    { name: 'valid 5x5', c: 2, h: 9, w: 8, kh: 5, kw: 5, s: [1, 1], pad: [0, 0], dil: [1, 1] },
    { name: 'stride 2, padded', c: 1, h: 9, w: 9, kh: 3, kw: 3, s: [2, 2], pad: [1, 1], dil: [1, 1] },
  ];
  for (const t of cases) {
    it(`matches the definition: ${t.name}, written at an offset with a wider row stride`, () => {
      const x = Float32Array.from({ length: t.c * t.h * t.w }, (_, i) => i + 1);
      const g = convGeometry([1, t.c, t.h, t.w], [1, t.c, t.kh, t.kw], { stride: t.s, padding: t.pad, dilation: t.dil, groups: 1 });
      const ld = g.p + 3;
      const col = new Float32Array(5 + g.k * ld).fill(-7);
      im2col(x, 0, g, col, 5, ld);
      const got: number[] = [];
      for (let r = 0; r < g.k; r++) got.push(...col.subarray(5 + r * ld, 5 + r * ld + g.p));
      expect(got).toEqual(naiveIm2col(x, t.c, t.h, t.w, t.kh, t.kw, t.s, t.pad, t.dil));
      // Nothing outside the block is touched.
      expect([...col.subarray(0, 5)]).toEqual([-7, -7, -7, -7, -7]);
      for (let r = 0; r < g.k; r++) expect([...col.subarray(5 + r * ld + g.p, 5 + (r + 1) * ld)]).toEqual([-7, -7, -7]);
    });
  }
});
