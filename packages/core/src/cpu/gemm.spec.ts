import { describe, expect, it } from 'vitest';
import { gemm } from './gemm.js';

function naive(m: number, n: number, k: number, a: Float64Array, aRs: number, aCs: number, b: Float64Array, bRs: number, bCs: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) c[i * n + j] += a[i * aRs + p * aCs] * b[p * bRs + j * bCs];
  return c;
}

const rand = (n: number, seed: number): Float64Array => {
  let s = seed;
  return Float64Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5);
};

describe('gemm', () => {
  for (const [m, n, k] of [[1, 1, 1], [3, 5, 7], [33, 31, 37], [64, 70, 300], [5, 513, 41], [130, 9, 260]]) {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
      it(`${m}x${k} @ ${k}x${n}, transposed A ${ta}, B ${tb}, float32 and float64, with accumulate`, () => {
        const a64 = rand(m * k, m + k);
        const b64 = rand(k * n, n + 3 * k);
        const [aRs, aCs] = ta ? [1, m] : [k, 1];
        const [bRs, bCs] = tb ? [1, k] : [n, 1];
        const want = naive(m, n, k, a64, aRs, aCs, b64, bRs, bCs);
        for (const Arr of [Float32Array, Float64Array]) {
          const c = new Arr(m * n + 2).fill(1);
          gemm(m, n, k, { data: new Arr(a64), offset: 0, rowStride: aRs, colStride: aCs }, { data: new Arr(b64), offset: 0, rowStride: bRs, colStride: bCs }, { data: c, offset: 1, ld: n });
          let err = 0;
          for (let i = 0; i < m * n; i++) err = Math.max(err, Math.abs(c[1 + i] - want[i]));
          expect(err).toBeLessThan(Arr === Float32Array ? 1e-4 * Math.sqrt(k) : 1e-12);
          expect(c[0]).toBe(1);
          expect(c[m * n + 1]).toBe(1);
          gemm(m, n, k, { data: new Arr(a64), offset: 0, rowStride: aRs, colStride: aCs }, { data: new Arr(b64), offset: 0, rowStride: bRs, colStride: bCs }, { data: c, offset: 1, ld: n }, true);
          for (let i = 0; i < m * n; i++) err = Math.max(err, Math.abs(c[1 + i] - 2 * want[i]));
          expect(err).toBeLessThan(Arr === Float32Array ? 2e-4 * Math.sqrt(k) : 1e-12);
        }
      });
    }
  }
});
