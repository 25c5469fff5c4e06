import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { ShapeError } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { decodeIdxImages, decodeIdxLabels } from '../idx-reader.js';

const gunzipAsync = promisify(gunzip);

/** Reads a file's bytes, gunzipping `.gz` files (and any file that starts with the gzip magic). */
export async function readIdxFile(path: string): Promise<Uint8Array> {
  const raw = await readFile(path);
  const gz = path.endsWith('.gz') || (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b);
  if (!gz) return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  try {
    const out = await gunzipAsync(raw);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    throw new RangeError(`IDX ${path}: cannot gunzip: ${(e as Error).message}`);
  }
}

export type MnistSplit = 'train' | 'test';


const stems: Record<MnistSplit, [string, string]> = {
  train: ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'],
  test: ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'],
};

async function findFile(dir: string, stem: string): Promise<string> {
  for (const name of [stem, `${stem}.gz`, stem.replace(/-idx(\d)-/, '.idx$1-')]) {
    const p = join(dir, name);
    try {
      await access(p);
      return p;
    } catch {
      // try the next spelling
    }
  }
  throw new Error(`readMnist: neither ${stem} nor ${stem}.gz found in ${dir}`);
}

/**
 * Reads an MNIST or Fashion-MNIST split from `dir` (the standard file names, plain or `.gz`):
 * images as float32 [N,1,28,28] in [0,1], labels as int32 [N].
 */
export async function readMnist(dir: string, split: MnistSplit = 'train'): Promise<{ images: Tensor; labels: Tensor }> {
  const [imgStem, lblStem] = stems[split];
  const imgPath = await findFile(dir, imgStem);
  const lblPath = await findFile(dir, lblStem);
  const images = decodeIdxImages(await readIdxFile(imgPath), imgPath);
  const labels = decodeIdxLabels(await readIdxFile(lblPath), lblPath);
  if (images.shape[0] !== labels.shape[0]) {
    const [ni, nl] = [images.shape[0], labels.shape[0]];
    images.dispose();
    labels.dispose();
    throw new ShapeError(`readMnist: ${imgPath} has ${ni} images but ${lblPath} has ${nl} labels`);
  }
  return { images, labels };
}
