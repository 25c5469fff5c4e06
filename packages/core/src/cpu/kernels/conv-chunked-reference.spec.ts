import { describe, expect, it } from 'vitest';
import { conv2d, conv2dInput, conv2dWeight, fromValues, manualSeed, randn, type Tensor } from '../../index.js';

/** One convolution case: x [n, c, h, w], w [o, c/groups, kh, kw]. */
interface Case {
  readonly name: string;
  readonly x: [number, number, number, number];
  readonly w: [number, number, number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly dilation: [number, number];
  readonly groups: number;
}

const outSize = (size: number, k: number, s: number, p: number, d: number): number => Math.floor((size + 2 * p - d * (k - 1) - 1) / s) + 1;

/**
 * Every (image, output channel, output pixel, tap) term of the convolution, visited once in
 * float64: `visit(xIndex, wIndex, yIndex)`. The three references below are sums over it.
 */
function forEachTerm(t: Case, visit: (xi: number, wi: number, yi: number) => void): void {
  const [n, c, h, w] = t.x;
  const [o, cg, kh, kw] = t.w;
  const oh = outSize(h, kh, t.stride[0], t.padding[0], t.dilation[0]);
  const ow = outSize(w, kw, t.stride[1], t.padding[1], t.dilation[1]);
  const og = o / t.groups;
  for (let b = 0; b < n; b++) for (let oc = 0; oc < o; oc++) for (let y = 0; y < oh; y++) for (let xo = 0; xo < ow; xo++) {
    const yi = ((b * o + oc) * oh + y) * ow + xo;
    for (let ci = 0; ci < cg; ci++) for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
      const iy = y * t.stride[0] - t.padding[0] + i * t.dilation[0];
      const ix = xo * t.stride[1] - t.padding[1] + j * t.dilation[1];
      if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
      const channel = Math.floor(oc / og) * cg + ci;
      visit(((b * c + channel) * h + iy) * w + ix, ((oc * cg + ci) * kh + i) * kw + j, yi);
    }
  }
}

/** Largest |got - want| over the largest |want| (1 when all are smaller). */
function worstError(got: ArrayLike<number>, want: Float64Array): number {
  let scale = 1;
  for (const v of want) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  return worst / scale;
}

const cases: Case[] = [
  // LeNet's two convolutions on batch 8: chunks of 4+4 (conv1) and 6+2 (conv2).
  { name: 'LeNet conv1, batch 8', x: [8, 1, 28, 28], w: [6, 1, 5, 5], stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 },
  { name: 'LeNet conv2, batch 8', x: [8, 6, 12, 12], w: [16, 6, 5, 5], stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 },
  { name: '"same" 3x3 (block-copy im2col), batch 5', x: [5, 3, 16, 16], w: [8, 3, 3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 },
  { name: 'stride 2, padding 1, batch 7', x: [7, 4, 15, 13], w: [6, 4, 3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], groups: 1 },
  { name: 'dilation 2, "same" width', x: [6, 2, 11, 9], w: [4, 2, 3, 3], stride: [1, 1], padding: [2, 2], dilation: [2, 2], groups: 1 },
  { name: 'groups 3, uneven padding', x: [9, 6, 10, 12], w: [9, 2, 3, 5], stride: [1, 2], padding: [1, 2], dilation: [1, 1], groups: 3 },
  { name: 'pointwise 1x1, batch 3', x: [3, 8, 9, 9], w: [5, 8, 1, 1], stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 },
  // k * p above one chunk's budget: one image per chunk.
  { name: 'one image per chunk', x: [3, 16, 32, 32], w: [4, 16, 3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 },
];

describe('chunked CPU convolution against a float64 definition', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    // float32 sums of up to a few thousand unit-size terms; float64 leaves only its own rounding.
    const tolerance = dtype === 'float32' ? 2e-6 : 1e-13;
    for (const t of cases) {
      it(`forward, input gradient and filter gradient (${dtype}): ${t.name}`, async () => {
        manualSeed(11);
        const x = randn(t.x, { dtype });
        const w = randn(t.w, { dtype });
        const yShape = [t.x[0], t.w[0], outSize(t.x[2], t.w[2], t.stride[0], t.padding[0], t.dilation[0]), outSize(t.x[3], t.w[3], t.stride[1], t.padding[1], t.dilation[1])];
        const dy = randn(yShape, { dtype });
        const [xv, wv, dyv] = await Promise.all([x.data(), w.data(), dy.data()]);
        const y = new Float64Array(dy.size);
        const dx = new Float64Array(x.size);
        const dw = new Float64Array(w.size);
        forEachTerm(t, (xi, wi, yi) => {
          y[yi] += xv[xi] * wv[wi];
          dx[xi] += wv[wi] * dyv[yi];
          dw[wi] += xv[xi] * dyv[yi];
        });
        const opts = { stride: t.stride, padding: t.padding, dilation: t.dilation, groups: t.groups };
        const run = async (r: Tensor): Promise<ArrayLike<number>> => (await r.data()) as ArrayLike<number>;
        expect(worstError(await run(conv2d(x, w, null, opts)), y), 'forward').toBeLessThan(tolerance);
        expect(worstError(await run(conv2dInput(t.x, w, dy, opts)), dx), 'input gradient').toBeLessThan(tolerance);
        expect(worstError(await run(conv2dWeight(x, t.w, dy, opts)), dw), 'filter gradient').toBeLessThan(tolerance);
      });
    }
  }

  it('gives the same bits when calls of other shapes run in between (scratch buffers are reused)', async () => {
    manualSeed(12);
    const x = randn([8, 6, 12, 12]);
    const w = randn([16, 6, 5, 5]);
    const dy = randn([8, 16, 8, 8]);
    const outcome = async (): Promise<number[]> => [
      ...(await conv2d(x, w).data()),
      ...(await conv2dInput([8, 6, 12, 12], w, dy).data()),
      ...(await conv2dWeight(x, [16, 6, 5, 5], dy).data()),
    ];
    const first = await outcome();
    // Larger calls grow the module-level column and plane buffers; a 1-image call leaves stale data in them.
    const big = randn([4, 16, 32, 32]);
    const bigW = randn([8, 16, 3, 3]);
    conv2dWeight(big, [8, 16, 3, 3], conv2d(big, bigW, null, { padding: 1 }), { padding: 1 });
    conv2dInput([1, 6, 12, 12], w, fromValues(new Float32Array(16 * 64).fill(3), [1, 16, 8, 8]));
    expect(await outcome()).toEqual(first);
  });
});
