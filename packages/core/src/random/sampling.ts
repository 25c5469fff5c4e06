import type { Generator } from './generator.js';

/**
 * Host-side conversions from the generator's u32 words to values. Word w below means word w of
 * one draw (see `philox.ts`); each function makes exactly one draw, so a device kernel that
 * follows the same formulas reproduces the integer results bit for bit and the float results
 * up to its own `log`/`cos`/`sin`.
 */

/** Element types the float samplers produce. */
export type FloatDType = 'float32' | 'float64';

const TWO_M24 = 2 ** -24;
const TWO_M53 = 2 ** -53;
const TWO32 = 4294967296;

/**
 * `n` uniform values in [low, high) (PyTorch's `uniform_`: `u * (high - low) + low`).
 * float32: element i uses word i, u = (w & 0xffffff) * 2^-24 (24 bits, PyTorch's conversion).
 * float64: element i uses words 2i (low) and 2i+1 (high 21 bits), u = bits53 * 2^-53.
 */
export function uniformValues(gen: Generator, n: number, dtype: FloatDType, low = 0, high = 1): Float32Array | Float64Array {
  const range = high - low;
  if (dtype === 'float32') {
    const words = gen.nextUint32(n);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = (words[i] & 0xffffff) * TWO_M24 * range + low;
    return out;
  }
  const words = gen.nextUint32(2 * n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = ((words[2 * i + 1] & 0x1fffff) * TWO32 + words[2 * i]) * TWO_M53 * range + low;
  }
  return out;
}

/**
 * `n` normal values (Box–Muller on pairs). Pair j takes two uniforms u1, u2 in [0, 1) as
 * `uniformValues` makes them (float32: words 2j, 2j+1; float64: words 4j..4j+3) and gives
 * r = sqrt(-2 ln(1 - u1)), z_{2j} = r cos(2 pi u2), z_{2j+1} = r sin(2 pi u2); an odd last
 * element drops its sine. Values are `mean + std * z`, computed in float64.
 */
export function normalValues(gen: Generator, n: number, dtype: FloatDType, mean = 0, std = 1): Float32Array | Float64Array {
  const pairs = Math.ceil(n / 2);
  const u = uniformValues(gen, 2 * pairs, dtype);
  const out = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let j = 0; j < pairs; j++) {
    const r = Math.sqrt(-2 * Math.log(1 - u[2 * j]));
    const theta = 2 * Math.PI * u[2 * j + 1];
    out[2 * j] = mean + std * r * Math.cos(theta);
    if (2 * j + 1 < n) out[2 * j + 1] = mean + std * r * Math.sin(theta);
  }
  return out;
}

/**
 * `n` integers in [low, high): element i is low + (word i mod (high - low)), PyTorch's
 * conversion for ranges below 2^32 (its bias is below range / 2^32).
 */
export function randintValues(gen: Generator, n: number, low: number, high: number): Float64Array {
  const range = high - low;
  const words = gen.nextUint32(n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = low + (words[i] % range);
  return out;
}

/**
 * A random permutation of 0..n-1 by Fisher–Yates: for k = 0..n-2, i = n-1-k swaps with
 * j = word k mod (i + 1).
 */
export function permutationValues(gen: Generator, n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  if (n < 2) return out;
  const words = gen.nextUint32(n - 1);
  for (let k = 0; k < n - 1; k++) {
    const i = n - 1 - k;
    const j = words[k] % (i + 1);
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}

/** `n` Bernoulli draws: element i is 1 when float32 uniform i (as `uniformValues`) is below p. */
export function bernoulliValues(gen: Generator, n: number, p: number): Uint8Array {
  const u = uniformValues(gen, n, 'float32');
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = u[i] < p ? 1 : 0;
  return out;
}
