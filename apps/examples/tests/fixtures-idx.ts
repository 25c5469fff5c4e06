import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdxUint8 } from '@flint/core';

/**
 * Writes MNIST-format IDX files of a generated 10-class task into `dir` (train images gzipped,
 * the rest plain, as the real files come either way): class c is a bar at row 3 + 2c and a bar
 * at column 24 - 2c, shifted by up to 1 pixel, with faint speckle noise.
 */
export function writeGeneratedIdx(dir: string, nTrain: number, nTest: number): void {
  mkdirSync(dir, { recursive: true });
  let s = 12345;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const make = (n: number): { images: Uint8Array; labels: Uint8Array } => {
    const images = new Uint8Array(n * 784);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const c = Math.floor(rnd() * 10);
      labels[i] = c;
      const dy = Math.floor(rnd() * 3) - 1;
      const dx = Math.floor(rnd() * 3) - 1;
      const img = images.subarray(i * 784, (i + 1) * 784);
      for (let k = 0; k < 784; k++) img[k] = rnd() < 0.02 ? Math.floor(rnd() * 128) : 0;
      for (let t = 4; t < 24; t++) {
        const row = 3 + 2 * c + dy;
        const col = 24 - 2 * c + dx;
        img[row * 28 + t + dx] = 255;
        img[(t + dy) * 28 + col] = 255;
      }
    }
    return { images, labels };
  };
  const train = make(nTrain);
  const test = make(nTest);
  writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(encodeIdxUint8([nTrain, 28, 28], train.images)));
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), encodeIdxUint8([nTrain], train.labels));
  writeFileSync(join(dir, 't10k-images-idx3-ubyte'), encodeIdxUint8([nTest, 28, 28], test.images));
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), encodeIdxUint8([nTest], test.labels));
}
