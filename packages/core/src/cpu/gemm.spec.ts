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

  // Every size from 1 to 70 appears as m, n and k, crossing the packed path's threshold and
  // its 4-wide edge tiles, with every transposition and both dtypes.
  it('odd and even sizes 1..70 against the naive product, transposed or not, float32 and float64', () => {
    let worst32 = 0;
    let worst64 = 0;
    for (let s = 1; s <= 70; s++) {
      const [m, n, k] = [s, ((s * 37) % 70) + 1, ((s * 53) % 70) + 1];
      const ta = s % 2 === 1;
      const tb = s % 3 === 0;
      const a64 = rand(m * k, s);
      const b64 = rand(k * n, s + 100);
      const [aRs, aCs] = ta ? [1, m] : [k, 1];
      const [bRs, bCs] = tb ? [1, k] : [n, 1];
      const want = naive(m, n, k, a64, aRs, aCs, b64, bRs, bCs);
      for (const Arr of [Float32Array, Float64Array]) {
        const c = new Arr(m * n).fill(Number.NaN);
        gemm(m, n, k, { data: new Arr(a64), offset: 0, rowStride: aRs, colStride: aCs }, { data: new Arr(b64), offset: 0, rowStride: bRs, colStride: bCs }, { data: c, offset: 0, ld: n });
        for (let i = 0; i < m * n; i++) {
          const e = Math.abs(c[i] - want[i]) / Math.sqrt(k);
          if (Arr === Float32Array) worst32 = Math.max(worst32, Number.isNaN(e) ? Infinity : e);
          else worst64 = Math.max(worst64, Number.isNaN(e) ? Infinity : e);
        }
      }
    }
    expect(worst32).toBeLessThan(1e-6);
    expect(worst64).toBeLessThan(1e-14);
  });

  it('writes a block of a larger C (offset, ld > n) and leaves the rest alone', () => {
    const [m, n, k, ld] = [37, 29, 45, 40];
    const a64 = rand(m * k, 5);
    const b64 = rand(k * n, 6);
    const want = naive(m, n, k, a64, k, 1, b64, n, 1);
    const c = new Float32Array(3 + m * ld).fill(7);
    gemm(m, n, k, { data: new Float32Array(a64), offset: 0, rowStride: k, colStride: 1 }, { data: new Float32Array(b64), offset: 0, rowStride: n, colStride: 1 }, { data: c, offset: 3, ld });
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < ld; j++) {
        const v = c[3 + i * ld + j];
        if (j < n) expect(Math.abs(v - want[i * n + j])).toBeLessThan(1e-5);
        else expect(v).toBe(7);
      }
    }
    expect(c.subarray(0, 3)).toEqual(new Float32Array([7, 7, 7]));
  });

  it('operands at an offset inside larger arrays, strides wider than the matrix', () => {
    const [m, n, k] = [20, 18, 33];
    const a64 = rand(m * k, 8);
    const b64 = rand(k * n, 9);
    const want = naive(m, n, k, a64, k, 1, b64, n, 1);
    // A stored with row stride k + 3 from offset 5; B transposed (column-major) with ld k + 1.
    const A = new Float32Array(5 + m * (k + 3));
    for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) A[5 + i * (k + 3) + p] = a64[i * k + p];
    const B = new Float32Array(2 + n * (k + 1));
    for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) B[2 + j * (k + 1) + p] = b64[p * n + j];
    const c = new Float32Array(m * n);
    gemm(m, n, k, { data: A, offset: 5, rowStride: k + 3, colStride: 1 }, { data: B, offset: 2, rowStride: 1, colStride: k + 1 }, { data: c, offset: 0, ld: n });
    for (let i = 0; i < m * n; i++) expect(Math.abs(c[i] - want[i])).toBeLessThan(1e-5);
  });

  it('k = 0 gives zeros (or leaves C when accumulating); NaN and Inf propagate as in IEEE arithmetic', () => {
    const c = new Float32Array(6).fill(3);
    const empty = { data: new Float32Array(0), offset: 0, rowStride: 0, colStride: 1 };
    gemm(2, 3, 0, empty, empty, { data: c, offset: 0, ld: 3 }, true);
    expect([...c]).toEqual([3, 3, 3, 3, 3, 3]);
    gemm(2, 3, 0, empty, empty, { data: c, offset: 0, ld: 3 });
    expect([...c]).toEqual([0, 0, 0, 0, 0, 0]);
    for (const size of [2, 40]) {
      const a = new Float32Array(size * size).fill(1);
      a[0] = Infinity;
      const b = new Float32Array(size * size);
      const out = new Float32Array(size * size);
      gemm(size, size, size, { data: a, offset: 0, rowStride: size, colStride: 1 }, { data: b, offset: 0, rowStride: size, colStride: 1 }, { data: out, offset: 0, ld: size });
      // Inf * 0 is NaN in row 0; every other row is exactly 0.
      expect(Number.isNaN(out[0])).toBe(true);
      expect(out[size]).toBe(0);
    }
  });
});
