import { describe, expect, it } from 'vitest';
import { add, cat, conv2d, conv2dInput, conv2dWeight, narrow, rand, zeros } from '../../index.js';
import { imagesPerChunk } from './conv-batching.js';
import { convGeometry } from './im2col.js';

const attrs = { stride: [1, 1] as [number, number], padding: [1, 1] as [number, number], dilation: [1, 1] as [number, number], groups: 2 };

describe('convolution over chunks of images', () => {
  // 8 channels in 2 groups, 20x20: k = 4*3*3 = 36, p = 400, so a chunk holds 4 of the 9 images
  // (chunks of 4, 4 and 1, the last one partial).
  const x = rand([9, 8, 20, 20]);
  const w = rand([6, 4, 3, 3]);
  const dy = rand([9, 6, 20, 20]);
  const opts = { padding: 1, groups: 2 };
  const image = (t: typeof x, i: number): typeof x => narrow(t, 0, i, 1);

  it('puts several images, but not all, in one chunk for this shape', () => {
    expect(imagesPerChunk(convGeometry(x.shape, w.shape, attrs))).toBe(4);
  });

  it('gives the forward output and the input gradient of every image bit for bit as a one-image call does', async () => {
    const perImage = cat(Array.from({ length: 9 }, (_, i) => conv2d(image(x, i), w, null, opts)), 0);
    expect([...(await conv2d(x, w, null, opts).data())]).toEqual([...(await perImage.data())]);
    const dxPerImage = cat(Array.from({ length: 9 }, (_, i) => conv2dInput([1, 8, 20, 20], w, image(dy, i), opts)), 0);
    expect([...(await conv2dInput([9, 8, 20, 20], w, dy, opts).data())]).toEqual([...(await dxPerImage.data())]);
  });

  it('sums the filter gradient over every chunk', async () => {
    let want = zeros([6, 4, 3, 3]);
    for (let i = 0; i < 9; i++) want = add(want, conv2dWeight(image(x, i), [6, 4, 3, 3], image(dy, i), opts));
    const got = await conv2dWeight(x, [6, 4, 3, 3], dy, opts).data();
    const ref = await want.data();
    ref.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 2));
  });
});
