import { describe, expect, it } from 'vitest';
import type { DType } from '../../tensor/dtype.js';
import { fromValues } from '../../ops/creation.js';
import { runKernel } from '../../ops/dispatch.js';

const values = (n: number, seed: number): Float64Array => Float64Array.from({ length: n }, (_, i) => Math.sin(seed * 3.7 + i * 0.91));

/** out[i] = op(a[i or 0]) @ op(b[i or 0]) by the definition, in float64. */
function naive(
  a: Float64Array, b: Float64Array, ba: number, bb: number, m: number, k: number, n: number, ta: boolean, tb: boolean,
): Float64Array {
  const batch = Math.max(ba, bb);
  const out = new Float64Array(batch * m * n);
  for (let z = 0; z < batch; z++) {
    const ao = (ba === 1 ? 0 : z) * m * k;
    const bo = (bb === 1 ? 0 : z) * k * n;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[ao + (ta ? p * m + i : i * k + p)] * b[bo + (tb ? j * k + p : p * n + j)];
        out[(z * m + i) * n + j] = s;
      }
  }
  return out;
}

describe('BatchMatMul kernel', () => {
  const cases: [number, number, number, number, number][] = [
    [3, 3, 5, 7, 6], // equal batches, odd sizes (edge tiles)
    [1, 4, 33, 20, 9], // a broadcast over b's batches
    [4, 1, 9, 40, 35], // b broadcast: one GEMM over all of a's rows
    [2, 2, 1, 64, 1], // matrix-vector shapes
    [1, 1, 0, 3, 2], // empty rows
    [2, 2, 3, 0, 4], // k = 0: zeros
  ];
  for (const dtype of ['float32', 'float64'] as DType[]) {
    for (const [ba, bb, m, k, n] of cases) {
      for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
        it(`${dtype} [${ba},${m},${k}] x [${bb},${k},${n}], transposeA ${ta}, transposeB ${tb}`, () => {
          const av = values(ba * m * k, m + k);
          const bv = values(bb * k * n, n + 2 * k);
          const a = fromValues(av, ta ? [ba, k, m] : [ba, m, k], { dtype });
          const b = fromValues(bv, tb ? [bb, n, k] : [bb, k, n], { dtype });
          const out = runKernel('BatchMatMul', { a, b }, { transposeA: ta, transposeB: tb });
          expect(out.dtype).toBe(dtype);
          expect(out.shape).toEqual([Math.max(ba, bb), m, n]);
          const want = naive(av, bv, ba, bb, m, k, n, ta, tb);
          const got = out.dataSync();
          const tol = dtype === 'float32' ? 1e-5 * Math.max(1, k) : 1e-12;
          for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(tol);
        });
      }
    }
  }
});
