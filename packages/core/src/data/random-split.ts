import { defaultGenerator, type Generator } from '../random/generator.js';
import { permutationValues } from '../random/sampling.js';
import type { Dataset } from './dataset.js';
import { Subset } from './subset.js';

/**
 * Splits `dataset` into non-overlapping random subsets, like `torch.utils.data.random_split`.
 * `lengths` are item counts summing to the dataset's length, or fractions summing to 1: each
 * gets floor(fraction * n) and the remainder is dealt one by one from the first subset on.
 */
export function randomSplit<T>(dataset: Dataset<T>, lengths: readonly number[], generator: Generator = defaultGenerator): Subset<T>[] {
  const n = dataset.length;
  const counts = toCounts(lengths, n);
  const perm = permutationValues(generator, n);
  const out: Subset<T>[] = [];
  let start = 0;
  for (const c of counts) {
    out.push(new Subset(dataset, perm.subarray(start, start + c)));
    start += c;
  }
  return out;
}

function toCounts(lengths: readonly number[], n: number): number[] {
  const total = lengths.reduce((a, b) => a + b, 0);
  const fractions = Math.abs(total - 1) < 1e-9 && (total !== n || lengths.some((l) => !Number.isInteger(l)));
  if (fractions) {
    if (lengths.some((f) => f < 0 || f > 1)) throw new RangeError(`randomSplit: fractions must be in [0, 1], got [${lengths.join(', ')}]`);
    const counts = lengths.map((f) => Math.floor(n * f));
    let left = n - counts.reduce((a, b) => a + b, 0);
    for (let i = 0; left > 0; i = (i + 1) % counts.length, left--) counts[i]++;
    return counts;
  }
  if (lengths.some((l) => !Number.isInteger(l) || l < 0)) {
    throw new RangeError(`randomSplit: lengths must be non-negative integers or fractions summing to 1, got [${lengths.join(', ')}]`);
  }
  if (total !== n) throw new RangeError(`randomSplit: lengths [${lengths.join(', ')}] sum to ${total}, not the dataset's length ${n}`);
  return [...lengths];
}
