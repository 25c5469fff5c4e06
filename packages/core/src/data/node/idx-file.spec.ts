import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeIdxUint8 } from '../idx-reader.js';
import { readIdxFile, readMnist } from './idx-file.js';

let dir = '';
const images = (n: number): Uint8Array => encodeIdxUint8([n, 28, 28], Array.from({ length: n * 784 }, (_, i) => i % 256));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flint-idx-'));
  await writeFile(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(images(3)));
  await writeFile(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(encodeIdxUint8([3], [5, 0, 4])));
  await writeFile(join(dir, 't10k-images-idx3-ubyte'), images(2));
  await writeFile(join(dir, 't10k-labels-idx1-ubyte'), encodeIdxUint8([3], [1, 2, 3]));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('readMnist / readIdxFile', () => {
  it('reads a gzipped split', async () => {
    const { images: x, labels: y } = await readMnist(dir, 'train');
    expect([x.shape, x.dtype, y.shape, y.dtype]).toEqual([[3, 1, 28, 28], 'float32', [3], 'int32']);
    expect(await y.toArray()).toEqual([5, 0, 4]);
    const v = await x.data();
    expect(v[255]).toBe(1);
    expect(v[784 + 1]).toBeCloseTo(((784 + 1) % 256) / 255, 6);
  });

  it('names both files when image and label counts differ', async () => {
    await expect(readMnist(dir, 'test')).rejects.toThrow(/t10k-images-idx3-ubyte has 2 images but .*t10k-labels-idx1-ubyte has 3 labels/);
  });

  it('gunzips by extension and names the file on a bad one', async () => {
    expect(Array.from(await readIdxFile(join(dir, 'train-labels-idx1-ubyte.gz'))).slice(-3)).toEqual([5, 0, 4]);
    const bad = join(dir, 'bad.gz');
    await writeFile(bad, Uint8Array.of(1, 2, 3));
    await expect(readIdxFile(bad)).rejects.toThrow(`IDX ${bad}: cannot gunzip`);
    await expect(readMnist(join(dir, 'missing'))).rejects.toThrow('readMnist: neither train-images-idx3-ubyte nor train-images-idx3-ubyte.gz found');
  });
});
