import { describe, expect, it } from 'vitest';
import { decodeIdxImages, decodeIdxLabels, encodeIdxUint8, parseIdxHeader } from './idx-reader.js';

const pixels = (n: number): number[] => Array.from({ length: n * 4 }, (_, i) => (i * 17) % 256);

describe('IDX decoding', () => {
  it('images: float32 [N,1,H,W] scaled to [0,1], or raw bytes', async () => {
    const bytes = encodeIdxUint8([3, 2, 2], pixels(3));
    const t = decodeIdxImages(bytes, 'imgs');
    expect([t.shape, t.dtype]).toEqual([[3, 1, 2, 2], 'float32']);
    const v = await t.data();
    expect(v[1]).toBeCloseTo(17 / 255, 6);
    expect(v[11]).toBeCloseTo(((11 * 17) % 256) / 255, 6);
    const raw = decodeIdxImages(bytes, 'imgs', { format: 'uint8' });
    expect(raw.shape).toEqual([3, 1, 2, 2]);
    expect(Array.from(raw.data)).toEqual(pixels(3));
  });

  it('labels: int32 [N]', async () => {
    const t = decodeIdxLabels(encodeIdxUint8([4], [7, 0, 9, 3]), 'lbls');
    expect([t.shape, t.dtype]).toEqual([[4], 'int32']);
    expect(await t.toArray()).toEqual([7, 0, 9, 3]);
  });

  it('checks the magic number, naming the file', () => {
    const labels = encodeIdxUint8([2], [1, 2]);
    expect(() => decodeIdxImages(labels, 'train-images')).toThrow('IDX train-images: bad magic number 0x00000801, expected 0x00000803');
    expect(() => decodeIdxLabels(encodeIdxUint8([1, 2, 2], pixels(1)), 'lbl')).toThrow('IDX lbl: bad magic number 0x00000803, expected 0x00000801');
    const gz = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0);
    expect(() => decodeIdxLabels(gz, 'x.gz')).toThrow('(the file is gzip-compressed; gunzip it first)');
  });

  it('checks the byte length against the dimensions', () => {
    const bytes = encodeIdxUint8([3, 2, 2], pixels(3));
    expect(() => decodeIdxImages(bytes.subarray(0, bytes.length - 1), 'cut')).toThrow(
      'IDX cut: dimensions [3,2,2] need 28 bytes but the file has 27 (truncated?)',
    );
    expect(() => parseIdxHeader(Uint8Array.of(0, 0), 'tiny')).toThrow('IDX tiny: file is 2 bytes, too short for an IDX header');
    expect(() => parseIdxHeader(Uint8Array.of(0, 0, 0x42, 1, 0, 0, 0, 0), 'odd')).toThrow('IDX odd: unknown element type 0x42');
  });
});
