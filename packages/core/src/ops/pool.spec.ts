import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { fromValues, tensor, zeros } from './creation.js';
import { adaptiveAvgPool2d, avgPool2d, maxPool2d, maxPool2dWithIndices } from './pool.js';
import { expectClose, loadOpCase, relErr } from './golden.spec-helper.js';
import { reshape } from './view.js';

const values = (n: number, seed: number): Float64Array => Float64Array.from({ length: n }, (_, i) => Math.sin(seed * 7.31 + i * 1.37));
const t64 = (shape: readonly number[], seed: number): Tensor =>
  fromValues(values(shape.reduce((a, b) => a * b, 1), seed), shape, { dtype: 'float64' }).requiresGrad_();

describe('pooling (golden)', () => {
  const cases: [string, (x: Tensor) => Tensor][] = [
    ['max_pool2d_k2', (x) => maxPool2d(x, 2, { stride: 2 })],
    ['max_pool2d_k3s2p1', (x) => maxPool2d(x, 3, { stride: 2, padding: 1 })],
    ['avg_pool2d_k2', (x) => avgPool2d(x, 2, { stride: 2 })],
    ['adaptive_avg_pool2d_1', (x) => adaptiveAvgPool2d(x, 1)],
  ];
  for (const [name, op] of cases) {
    it(`${name}: output and input gradient match PyTorch`, () => {
      const f = loadOpCase(name);
      const x = f['in.x'].requiresGrad_();
      const out = op(x);
      expectClose(out, f.out);
      out.backward(f.grad_out);
      expectClose(x.grad, f['grad.x']);
    });
  }
});

describe('maxPool2d', () => {
  it('returns the flat argmax within each plane; padding never wins, the first maximum does', () => {
    const x = tensor([[[[1, 5, 5], [7, 2, 7], [-3, -4, 0]]]]);
    const [v, i] = maxPool2dWithIndices(x, 2, { stride: 1, padding: 1 });
    expect(Array.from(v.dataSync())).toEqual([1, 5, 5, 5, 7, 7, 7, 7, 7, 7, 7, 7, -3, -3, 0, 0]);
    expect(Array.from(i.dataSync())).toEqual([0, 1, 1, 2, 3, 3, 5, 5, 3, 3, 5, 5, 6, 6, 8, 8]);
    expect(i.dtype).toBe('int32');
  });

  it('routes the gradient to the argmax, summing where windows share one', () => {
    const x = tensor([[[[1, 2, 3], [4, 9, 5], [6, 7, 8]]]]).requiresGrad_();
    const out = maxPool2d(x, 2, { stride: 1 });
    out.backward(tensor([[[[1, 2], [3, 4]]]]));
    expect(Array.from(x.grad?.dataSync() ?? [])).toEqual([0, 0, 0, 0, 10, 0, 0, 0, 0]);
  });

  it('accepts an unbatched [C,H,W] input', () => {
    const x = t64([2, 4, 4], 1);
    const out = maxPool2d(x, 2);
    expect(out.shape).toEqual([2, 2, 2]);
    expect(relErr(out.dataSync(), maxPool2d(reshape(x, [1, 2, 4, 4]), 2).dataSync())).toBe(0);
  });

  it('rejects too much padding, an empty output, a bad rank and integer input', () => {
    expect(() => maxPool2d(zeros([1, 1, 4, 4]), 2, { padding: 2 })).toThrow('maxPool2d: padding [2,2] should be at most half of kernel size [2,2]');
    expect(() => maxPool2d(zeros([1, 1, 2, 2]), 3)).toThrow(ShapeError);
    expect(() => maxPool2d(zeros([1, 1, 2, 2]), 3)).toThrow('maxPool2d: input [1,1,2,2] with kernel [3,3] and padding [0,0] gives output size 0x0');
    expect(() => maxPool2d(zeros([4, 4]), 2)).toThrow('maxPool2d: expected a 4-D [N,C,H,W] or 3-D [C,H,W] input, got [4,4]');
    expect(() => maxPool2d(zeros([1, 1, 4, 4], { dtype: 'int32' }), 2)).toThrow(DTypeError);
  });
});

describe('avgPool2d', () => {
  /** PyTorch's avg_pool2d, written out. */
  function naiveAvg(x: Tensor, k: number, s: number, p: number, includePad: boolean): number[] {
    const [n, c, h, w] = x.shape;
    const xv = x.dataSync();
    const oh = Math.floor((h + 2 * p - k) / s) + 1;
    const ow = Math.floor((w + 2 * p - k) / s) + 1;
    const out: number[] = [];
    for (let pl = 0; pl < n * c; pl++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++) {
          let sum = 0;
          let count = 0;
          for (let a = i * s - p; a < i * s - p + k; a++)
            for (let b = j * s - p; b < j * s - p + k; b++) {
              const inside = a >= 0 && a < h && b >= 0 && b < w;
              if (inside) sum += xv[(pl * h + a) * w + b];
              if (inside || (includePad && a < h + p && b < w + p)) count++;
            }
          out.push(sum / count);
        }
    return out;
  }

  for (const includePad of [true, false]) {
    it(`k3 s2 p1 with countIncludePad=${includePad} matches the reference loop`, () => {
      const x = t64([2, 2, 7, 6], 2);
      const out = avgPool2d(x, 3, { stride: 2, padding: 1, countIncludePad: includePad });
      expect(relErr(out.dataSync(), naiveAvg(x, 3, 2, 1, includePad))).toBeLessThan(1e-12);
    });
  }

  it('spreads each gradient over its window divided by its divisor', () => {
    const x = zeros([1, 1, 2, 2]).requiresGrad_();
    avgPool2d(x, 2, { stride: 1, padding: 1, countIncludePad: false }).backward(tensor([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]]));
    // x[0,0] sits in windows (0,0) 1/1, (0,1) 2/2, (1,0) 4/2, (1,1) 5/4.
    expect(relErr(x.grad?.dataSync() ?? [], [1 + 1 + 2 + 1.25, 1 + 3 + 1.25 + 3, 2 + 1.25 + 7 + 4, 1.25 + 3 + 4 + 9])).toBeLessThan(1e-6);
  });
});

describe('adaptiveAvgPool2d', () => {
  /** PyTorch's adaptive windows: [floor(i*H/out), ceil((i+1)*H/out)). */
  function naiveAdaptive(x: Tensor, oh: number, ow: number): number[] {
    const [n, c, h, w] = x.shape;
    const xv = x.dataSync();
    const out: number[] = [];
    for (let pl = 0; pl < n * c; pl++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++) {
          const [a0, a1] = [Math.floor((i * h) / oh), Math.ceil(((i + 1) * h) / oh)];
          const [b0, b1] = [Math.floor((j * w) / ow), Math.ceil(((j + 1) * w) / ow)];
          let sum = 0;
          for (let a = a0; a < a1; a++) for (let b = b0; b < b1; b++) sum += xv[(pl * h + a) * w + b];
          out.push(sum / ((a1 - a0) * (b1 - b0)));
        }
    return out;
  }

  it('non-divisible sizes (7x5 -> 3x2) use overlapping windows; the gradient is their adjoint', () => {
    const x = t64([2, 3, 7, 5], 3);
    const out = adaptiveAvgPool2d(x, [3, 2]);
    expect(out.shape).toEqual([2, 3, 3, 2]);
    expect(relErr(out.dataSync(), naiveAdaptive(x, 3, 2))).toBeLessThan(1e-12);
    // <g, pool(x)> = <pool^T(g), x>: check with x's own values as the probe.
    const g = fromValues(values(out.size, 4), out.shape, { dtype: 'float64' });
    out.backward(g);
    const gv = g.dataSync();
    const lhs = naiveAdaptive(x, 3, 2).reduce((s, v, i) => s + v * gv[i], 0);
    const xv = x.dataSync();
    const xg = x.grad?.dataSync() ?? new Float64Array(0);
    let rhs = 0;
    for (let i = 0; i < xg.length; i++) rhs += xg[i] * xv[i];
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-12);
  });

  it('accepts null to keep a dimension and an unbatched input', () => {
    const x = t64([3, 6, 4], 5);
    const out = adaptiveAvgPool2d(x, [2, null]);
    expect(out.shape).toEqual([3, 2, 4]);
    expect(relErr(out.dataSync(), naiveAdaptive(reshape(x, [1, 3, 6, 4]), 2, 4))).toBeLessThan(1e-12);
  });

  it('rejects an output size below 1', () => {
    expect(() => adaptiveAvgPool2d(zeros([1, 1, 4, 4]), 0)).toThrow('adaptiveAvgPool2d: outputSize must be an integer >= 1, got 0');
  });
});
