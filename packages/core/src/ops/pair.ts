import { ShapeError } from '../tensor/errors.js';

/** A size given as one number for both spatial dimensions or as `[height, width]`. */
export type Pair = number | readonly [number, number];

/**
 * `v` as `[h, w]`, each checked to be an integer of at least `min`; the error names the op and
 * the argument, e.g. `conv2d: stride must be integers >= 1, got [0,1]`.
 */
export function toPair(op: string, name: string, v: Pair, min: number): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if ((typeof v !== 'number' && v.length !== 2) || p.some((d) => !Number.isInteger(d) || d < min)) {
    throw new ShapeError(`${op}: ${name} must be ${typeof v === 'number' ? 'an integer' : 'a pair of integers'} >= ${min}, got ${JSON.stringify(v)}`);
  }
  return p;
}
