import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { fromValues } from './creation.js';
import { bmm, linear, matmul } from './matmul.js';
import { mul } from './binary.js';
import { sum } from './reduce.js';
import { transpose } from './view.js';
import { expectClose, loadOpCase, relErr } from './golden.spec-helper.js';

const values = (n: number, seed: number): Float64Array => Float64Array.from({ length: n }, (_, i) => Math.sin(seed * 5.3 + i * 1.19));
const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
const t64 = (shape: readonly number[], seed: number): Tensor => fromValues(values(size(shape), seed), shape, { dtype: 'float64' }).requiresGrad_();

/** Flat index into `shape` of the broadcast batch position `z` of `batch` (right-aligned, size 1 repeats). */
function batchIndex(z: number, batch: readonly number[], shape: readonly number[]): number {
  let idx = 0;
  let stride = 1;
  for (let d = batch.length - 1, s = shape.length - 1; d >= 0; d--, s--) {
    const coord = z % batch[d];
    z = Math.floor(z / batch[d]);
    if (s >= 0) {
      if (shape[s] !== 1) idx += coord * stride;
      stride *= shape[s];
    }
  }
  return idx;
}

/**
 * torch.matmul by its definition on >= 2-D float64 operands, with the gradients of
 * sum(out * g): the reference for the broadcast cases the fixtures do not cover.
 */
function reference(a: Tensor, b: Tensor, g: Float64Array, batch: number[]): { out: Float64Array; ga: Float64Array; gb: Float64Array } {
  const [m, k] = a.shape.slice(-2);
  const n = b.shape[b.ndim - 1];
  const av = a.dataSync();
  const bv = b.dataSync();
  const nb = size(batch);
  const out = new Float64Array(nb * m * n);
  const ga = new Float64Array(av.length);
  const gb = new Float64Array(bv.length);
  for (let z = 0; z < nb; z++) {
    const ao = batchIndex(z, batch, a.shape.slice(0, -2)) * m * k;
    const bo = batchIndex(z, batch, b.shape.slice(0, -2)) * k * n;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        const o = (z * m + i) * n + j;
        for (let p = 0; p < k; p++) {
          out[o] += av[ao + i * k + p] * bv[bo + p * n + j];
          ga[ao + i * k + p] += g[o] * bv[bo + p * n + j];
          gb[bo + p * n + j] += g[o] * av[ao + i * k + p];
        }
      }
  }
  return { out, ga, gb };
}

describe('matmul against the PyTorch fixtures', () => {
  for (const [name, fn] of [
    ['matmul_2d', matmul],
    ['matmul_batched_broadcast', matmul],
    ['matmul_bmm', bmm],
  ] as const) {
    it(`${name}: forward and both gradients`, () => {
      const f = loadOpCase(name);
      const a = f['in.a'].requiresGrad_();
      const b = f['in.b'].requiresGrad_();
      const out = fn(a, b);
      expectClose(out, f.out);
      sum(mul(out, f.grad_out)).backward();
      expectClose(a.grad, f['grad.a']);
      expectClose(b.grad, f['grad.b']);
    });
  }

  it('linear: x @ w^T + b, forward and the gradients of x, w and b', () => {
    const f = loadOpCase('linear');
    const [x, w, b] = [f['in.x'].requiresGrad_(), f['in.w'].requiresGrad_(), f['in.b'].requiresGrad_()];
    const out = linear(x, w, b);
    expectClose(out, f.out);
    sum(mul(out, f.grad_out)).backward();
    expectClose(x.grad, f['grad.x']);
    expectClose(w.grad, f['grad.w']);
    expectClose(b.grad, f['grad.b']);
  });
});

describe("matmul: torch.matmul's rules", () => {
  const cases: [number[], number[], number[], number[]][] = [
    // a shape, b shape, broadcast batch, output shape
    [[2, 1, 3, 4], [3, 4, 5], [2, 3], [2, 3, 3, 5]],
    [[3, 4], [2, 4, 6], [2], [2, 3, 6]],
    [[5, 2, 7], [1, 7, 3], [5], [5, 2, 3]],
    [[1, 6, 9], [4, 9, 2], [4], [4, 6, 2]],
    [[2, 3, 4, 5], [2, 3, 5, 2], [2, 3], [2, 3, 4, 2]],
  ];
  for (const [as, bs, batch, outShape] of cases) {
    it(`[${as}] x [${bs}] broadcasts batch dims to [${batch}], gradients summed back`, () => {
      const a = t64(as, 1);
      const b = t64(bs, 2);
      const out = matmul(a, b);
      expect(out.shape).toEqual(outShape);
      const g = values(size(outShape), 3);
      const ref = reference(a, b, g, batch);
      expect(relErr(out.dataSync(), ref.out)).toBeLessThan(1e-12);
      sum(mul(out, fromValues(g, outShape, { dtype: 'float64' }))).backward();
      expect(a.grad?.shape).toEqual(as);
      expect(b.grad?.shape).toEqual(bs);
      expect(relErr(a.grad?.dataSync() ?? [], ref.ga)).toBeLessThan(1e-12);
      expect(relErr(b.grad?.dataSync() ?? [], ref.gb)).toBeLessThan(1e-12);
    });
  }

  it('1-D x 1-D is a dot product (a 0-D tensor)', () => {
    const out = matmul(fromValues(new Float32Array([1, 2, 3]), [3]), fromValues(new Float32Array([4, 5, 6]), [3]));
    expect(out.shape).toEqual([]);
    expect(out.dataSync()[0]).toBe(32);
  });

  it('1-D operands are promoted and the added dimension removed, with gradients of the right shape', () => {
    const v = t64([3], 4);
    const m = t64([3, 2], 5);
    const vm = matmul(v, m);
    expect(vm.shape).toEqual([2]);
    const mv = matmul(t64([2, 4, 3], 6), v);
    expect(mv.shape).toEqual([2, 4]);
    const vb = matmul(v, t64([5, 3, 2], 7));
    expect(vb.shape).toEqual([5, 2]);
    const [mv0, vv, mm] = [m.dataSync(), v.dataSync(), vm.dataSync()];
    for (let j = 0; j < 2; j++) expect(mm[j]).toBeCloseTo(vv[0] * mv0[j] + vv[1] * mv0[2 + j] + vv[2] * mv0[4 + j], 12);
    sum(vm).backward();
    expect(v.grad?.shape).toEqual([3]);
    expect(m.grad?.shape).toEqual([3, 2]);
  });

  it('transposed views give the same product and gradients as dense copies', () => {
    const w = t64([6, 5], 8);
    const x = t64([5, 4], 9);
    const out = matmul(transpose(x, 0, 1), transpose(w, 0, 1)); // [4,5] x [5,6]
    const ref = reference(fromValues(transpose(x, 0, 1).dataSync(), [4, 5]), fromValues(transpose(w, 0, 1).dataSync(), [5, 6]), values(24, 10), []);
    expect(relErr(out.dataSync(), ref.out)).toBeLessThan(1e-12);
    sum(mul(out, fromValues(values(24, 10), [4, 6], { dtype: 'float64' }))).backward();
    expect(relErr(transpose(x.grad as Tensor, 0, 1).dataSync(), ref.ga)).toBeLessThan(1e-12);
    expect(relErr(transpose(w.grad as Tensor, 0, 1).dataSync(), ref.gb)).toBeLessThan(1e-12);
  });
});

describe('bmm and linear', () => {
  it('bmm: per-batch products, no broadcasting', () => {
    const a = t64([3, 2, 4], 11);
    const b = t64([3, 4, 5], 12);
    expect(relErr(bmm(a, b).dataSync(), reference(a, b, new Float64Array(30), [3]).out)).toBeLessThan(1e-12);
  });

  it('linear: any leading dimensions, no bias, and a transposed weight view', () => {
    const x = t64([2, 3, 4], 13);
    const w = t64([4, 5], 14); // w.T is the [5, 4] weight
    const y = linear(x, transpose(w, 0, 1));
    expect(y.shape).toEqual([2, 3, 5]);
    expect(relErr(y.dataSync(), reference(x, w, new Float64Array(30), []).out)).toBeLessThan(1e-12);
    sum(y).backward();
    expect(w.grad?.shape).toEqual([4, 5]);
    expect(linear(t64([4], 15), t64([5, 4], 16)).shape).toEqual([5]);
  });
});

describe('matmul errors', () => {
  const f32 = (shape: number[], dtype: 'float32' | 'float64' | 'int32' = 'float32'): Tensor => fromValues(new Float32Array(size(shape)), shape, { dtype });
  it('names the op, both shapes and what differs', () => {
    expect(() => matmul(f32([32, 784]), f32([128, 10]))).toThrow(new ShapeError('matmul: [32,784] x [128,10]: inner dimensions 784 and 128 differ'));
    expect(() => matmul(f32([2, 3, 4]), f32([3, 4, 5]))).toThrow(ShapeError);
    expect(() => matmul(f32([2, 3, 4]), f32([3, 4, 5]))).toThrow(/matmul: \[2,3,4\] x \[3,4,5\]: batch dimensions \[2\] and \[3\] cannot be broadcast/);
    expect(() => matmul(f32([]), f32([3]))).toThrow(/matmul: \[\] x \[3\]: both arguments to matmul need to be at least 1D/);
    expect(() => bmm(f32([2, 3, 4]), f32([3, 4, 5]))).toThrow(/bmm: \[2,3,4\] x \[3,4,5\]: batch sizes 2 and 3 differ/);
    expect(() => bmm(f32([3, 4]), f32([4, 5]))).toThrow(/bmm: \[3,4\] x \[4,5\]: expected 3-D tensors/);
    expect(() => bmm(f32([2, 3, 4]), f32([2, 5, 5]))).toThrow(/bmm: \[2,3,4\] x \[2,5,5\]: inner dimensions 4 and 5 differ/);
    expect(() => linear(f32([8, 3]), f32([4, 5]))).toThrow(/linear: \[8,3\] x \[4,5\]\^T: inner dimensions 3 and 5 differ/);
    expect(() => linear(f32([8, 5]), f32([4, 5]), f32([3]))).toThrow(/linear: bias \[3\] does not match out_features 4/);
  });

  it('a dtype mismatch or a non-float dtype is a DTypeError naming both dtypes', () => {
    expect(() => matmul(f32([2, 2]), f32([2, 2], 'float64'))).toThrow(DTypeError);
    expect(() => matmul(f32([2, 2]), f32([2, 2], 'float64'))).toThrow(/matmul: .*float32 and float64/);
    expect(() => bmm(f32([1, 2, 2], 'int32'), f32([1, 2, 2], 'int32'))).toThrow(/bmm: .*int32 and int32/);
    expect(() => linear(f32([2, 2]), f32([2, 2], 'int32'))).toThrow(/linear: .*float32 and int32/);
  });
});
