import type { Kwargs } from './golden-manifest.js';

type Pair = number | [number, number];

const bad = (key: string, want: string, v: unknown): Error => new TypeError(`kwarg '${key}' must be ${want}, got ${JSON.stringify(v)}`);

/** A number kwarg; `fallback` when absent (an error when absent and no fallback). */
export function num(kw: Kwargs, key: string, fallback?: number): number {
  const v = kw[key] ?? fallback;
  if (typeof v !== 'number') throw bad(key, 'a number', v);
  return v;
}

/** A number kwarg, or undefined when absent or null. */
export function optNum(kw: Kwargs, key: string): number | undefined {
  const v = kw[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') throw bad(key, 'a number', v);
  return v;
}

export function bool(kw: Kwargs, key: string, fallback: boolean): boolean {
  const v = kw[key] ?? fallback;
  if (typeof v !== 'boolean') throw bad(key, 'a boolean', v);
  return v;
}

/** An int or a list of ints (PyTorch's `dim=1` or `dim=[0, 2]`); undefined when absent. */
export function dims(kw: Kwargs, key: string): number | number[] | undefined {
  const v = kw[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && v.every((d) => typeof d === 'number')) return v as number[];
  throw bad(key, 'an int or a list of ints', v);
}

/** A list of ints. */
export function ints(kw: Kwargs, key: string): number[] {
  const v = kw[key];
  if (typeof v === 'number') return [v];
  if (Array.isArray(v) && v.every((d) => typeof d === 'number')) return v as number[];
  throw bad(key, 'a list of ints', v);
}

/** PyTorch's `int or (int, int)` (kernel sizes, strides, paddings); `fallback` when absent. */
export function pair(kw: Kwargs, key: string, fallback?: Pair): Pair {
  const v = kw[key] ?? fallback;
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && v.length === 2 && v.every((d) => typeof d === 'number')) return [v[0] as number, v[1] as number];
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'number') return v[0];
  throw bad(key, 'an int or a pair of ints', v);
}

/** PyTorch's `reduction` argument. */
export function reduction(kw: Kwargs): 'mean' | 'sum' | 'none' {
  const v = kw.reduction ?? 'mean';
  if (v === 'mean' || v === 'sum' || v === 'none') return v;
  throw bad('reduction', "'mean', 'sum' or 'none'", v);
}
