import type { DType, TypedArray } from '../tensor/dtype.js';
import type { EvalInput } from './op-evaluation.js';

/**
 * How an input's values are drawn. The kinds keep finite differences away from kinks:
 * `nonzero` never comes near 0 (relu, abs, division), `distinct` and `distinctOdd` are
 * shuffled values on interleaved grids 0.1 apart that avoid 0 and +-0.5 (no ties for
 * max/maximum/pooling, no clamp edge), `positive` is for log and sqrt.
 */
export type InputKind = 'normal' | 'positive' | 'nonzero' | 'distinct' | 'distinctOdd' | 'unit' | 'index' | 'bool';

export interface InputSpec {
  readonly name: string;
  readonly shape: readonly number[];
  /** `normal` when omitted. */
  readonly kind?: InputKind;
  /** Exclusive upper bound of `index` values. */
  readonly high?: number;
  /** False for float inputs PyTorch does not differentiate (running statistics). */
  readonly grad?: boolean;
}

/** A small, fast, seedable generator (mulberry32), so cases are the same on every run. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffledGrid(n: number, phase: number, rnd: () => number): number[] {
  const v = Array.from({ length: n }, (_, k) => (k - Math.floor(n / 2)) * 0.1 + 0.03 + phase * 0.05);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [v[i], v[j]] = [v[j], v[i]];
  }
  return v;
}

function draw(spec: InputSpec, n: number, rnd: () => number): number[] {
  const kind = spec.kind ?? 'normal';
  switch (kind) {
    case 'normal':
      return Array.from({ length: n }, () => rnd() * 4 - 2);
    case 'positive':
      return Array.from({ length: n }, () => 0.5 + rnd() * 1.5);
    case 'nonzero':
      return Array.from({ length: n }, () => (rnd() < 0.5 ? -1 : 1) * (0.2 + rnd() * 1.3));
    case 'distinct':
    case 'distinctOdd':
      return shuffledGrid(n, kind === 'distinct' ? 0 : 1, rnd);
    case 'unit':
      return Array.from({ length: n }, () => 0.05 + rnd() * 0.9);
    case 'index':
      return Array.from({ length: n }, () => Math.floor(rnd() * (spec.high ?? 2)));
    case 'bool':
      return Array.from({ length: n }, () => (rnd() < 0.5 ? 1 : 0));
  }
}

const dtypeOf = (kind: InputKind | undefined, float: 'float32' | 'float64'): DType =>
  kind === 'index' ? 'int32' : kind === 'bool' ? 'bool' : float;

function typed(dtype: DType, values: number[]): TypedArray {
  if (dtype === 'float64') return Float64Array.from(values);
  if (dtype === 'float32') return Float32Array.from(values);
  if (dtype === 'int32') return Int32Array.from(values);
  return Uint8Array.from(values);
}

/** Deterministic inputs for `specs` with float inputs in `float` (float32, or float64 for gradcheck). */
export function makeInputs(specs: readonly InputSpec[], float: 'float32' | 'float64', seed: number): EvalInput[] {
  const rnd = seededRandom(seed);
  return specs.map((s) => {
    const dtype = dtypeOf(s.kind, float);
    const n = s.shape.reduce((a, b) => a * b, 1);
    return { name: s.name, dtype, shape: s.shape, values: typed(dtype, draw(s, n, rnd)), requiresGrad: dtype === float && s.grad !== false };
  });
}

/** Deterministic upstream-gradient values for an output of `shape`. */
export function randomValues(shape: readonly number[], float: 'float32' | 'float64', seed: number): TypedArray {
  const rnd = seededRandom(seed);
  return typed(float, Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rnd() * 2 - 1));
}
