import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { fromValues, zeros } from './creation.js';
import { conv2d, conv2dInput, conv2dWeight } from './conv.js';
import { mul } from './binary.js';
import { sum } from './reduce.js';
import { expectClose, loadOpCase, relErr } from './golden.spec-helper.js';

/** Deterministic float64 values in (-1, 1). */
const values = (n: number, seed: number): Float64Array => Float64Array.from({ length: n }, (_, i) => Math.sin(seed * 7.31 + i * 1.37));
const t64 = (shape: readonly number[], seed: number): Tensor =>
  fromValues(values(shape.reduce((a, b) => a * b, 1), seed), shape, { dtype: 'float64' }).requiresGrad_();

interface Geometry {
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  groups: number;
}

/** The textbook 7-loop convolution and its gradients for upstream gradient `gy`. */
function naiveConv(x: Tensor, w: Tensor, gy: Float64Array | null, a: Geometry): { y: Float64Array; gx: Float64Array; gw: Float64Array } {
  const [n, c, h, wd] = x.shape;
  const [o, cg, kh, kw] = w.shape;
  const oh = Math.floor((h + 2 * a.padding[0] - a.dilation[0] * (kh - 1) - 1) / a.stride[0]) + 1;
  const ow = Math.floor((wd + 2 * a.padding[1] - a.dilation[1] * (kw - 1) - 1) / a.stride[1]) + 1;
  const xv = x.dataSync();
  const wv = w.dataSync();
  const y = new Float64Array(n * o * oh * ow);
  const gx = new Float64Array(xv.length);
  const gw = new Float64Array(wv.length);
  const og = o / a.groups;
  for (let b = 0; b < n; b++)
    for (let oc = 0; oc < o; oc++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++) {
          const yi = ((b * o + oc) * oh + i) * ow + j;
          for (let ci = 0; ci < cg; ci++)
            for (let p = 0; p < kh; p++)
              for (let q = 0; q < kw; q++) {
                const ih = i * a.stride[0] - a.padding[0] + p * a.dilation[0];
                const iw = j * a.stride[1] - a.padding[1] + q * a.dilation[1];
                if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                const xi = ((b * c + Math.floor(oc / og) * cg + ci) * h + ih) * wd + iw;
                const wi = ((oc * cg + ci) * kh + p) * kw + q;
                y[yi] += xv[xi] * wv[wi];
                if (gy) {
                  gx[xi] += gy[yi] * wv[wi];
                  gw[wi] += gy[yi] * xv[xi];
                }
              }
        }
  return { y, gx, gw };
}

describe('conv2d (golden)', () => {
  const cases: [string, { stride?: number; padding?: number; groups?: number }][] = [
    ['conv2d_s1_p1', { stride: 1, padding: 1 }],
    ['conv2d_s2_p0', { stride: 2, padding: 0 }],
    ['conv2d_groups2_nobias', { stride: 1, padding: 0, groups: 2 }],
    ['conv2d_k5_lenet', { stride: 1, padding: 0 }],
  ];
  for (const [name, opts] of cases) {
    it(`${name}: output and gradients of x, w and b match PyTorch`, () => {
      const f = loadOpCase(name);
      const x = f['in.x'].requiresGrad_();
      const w = f['in.w'].requiresGrad_();
      const b = f['in.b']?.requiresGrad_();
      const out = conv2d(x, w, b, opts);
      expectClose(out, f.out);
      out.backward(f.grad_out);
      expectClose(x.grad, f['grad.x']);
      expectClose(w.grad, f['grad.w']);
      if (b) expectClose(b.grad, f['grad.b']);
    });
  }
});

describe('conv2d against a naive loop (float64)', () => {
  const geometries: [string, number[], number[], Geometry][] = [
    ['dilation 2, padding 2', [2, 3, 9, 8], [4, 3, 3, 3], { stride: [1, 1], padding: [2, 2], dilation: [2, 2], groups: 1 }],
    ['asymmetric stride, padding and dilation with groups 3', [1, 6, 11, 10], [6, 2, 3, 2], { stride: [2, 1], padding: [1, 0], dilation: [2, 3], groups: 3 }],
    ['pointwise 1x1 with groups 2', [2, 4, 5, 5], [6, 2, 1, 1], { stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 2 }],
    ['depthwise 3x3 stride 2', [2, 4, 7, 7], [4, 1, 3, 3], { stride: [2, 2], padding: [1, 1], dilation: [1, 1], groups: 4 }],
  ];
  for (const [label, xs, ws, a] of geometries) {
    it(label, () => {
      const x = t64(xs, 1);
      const w = t64(ws, 2);
      const out = conv2d(x, w, null, a);
      const gy = values(out.size, 3);
      const ref = naiveConv(x, w, gy, a);
      expect(out.dtype).toBe('float64');
      expect(relErr(out.dataSync(), ref.y)).toBeLessThan(1e-12);
      out.backward(fromValues(gy, out.shape, { dtype: 'float64' }));
      expect(relErr(x.grad?.dataSync() ?? [], ref.gx)).toBeLessThan(1e-12);
      expect(relErr(w.grad?.dataSync() ?? [], ref.gw)).toBeLessThan(1e-12);
    });
  }

  it('accepts an unbatched [C,H,W] input and returns [O,Ho,Wo]', () => {
    const x = t64([3, 6, 6], 4);
    const w = t64([2, 3, 3, 3], 5);
    const out = conv2d(x, w, null, { padding: 1 });
    expect(out.shape).toEqual([2, 6, 6]);
    const ref = naiveConv(fromValues(x.dataSync(), [1, 3, 6, 6]), w, null, { stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 });
    expect(relErr(out.dataSync(), ref.y)).toBeLessThan(1e-12);
  });

});

describe('conv2dInput and conv2dWeight (torch.nn.grad), differentiable (float64)', () => {
  const a: Geometry = { stride: [2, 1], padding: [1, 1], dilation: [1, 2], groups: 2 };
  const xShape = [2, 4, 7, 6];
  const wShape = [6, 2, 3, 2];

  it('conv2dInput is the input gradient; its gradients are conv2d and the filter gradient', () => {
    const w = t64(wShape, 1);
    const dy = t64(conv2d(zeros(xShape, { dtype: 'float64' }), zeros(wShape, { dtype: 'float64' }), null, a).shape, 2);
    const v = fromValues(values(2 * 4 * 7 * 6, 3), xShape, { dtype: 'float64' });
    const out = conv2dInput(xShape, w, dy, a);
    expect(relErr(out.dataSync(), naiveConv(v, w, dy.dataSync() as Float64Array, a).gx)).toBeLessThan(1e-12);
    sum(mul(out, v)).backward();
    const ref = naiveConv(v, w, dy.dataSync() as Float64Array, a);
    expect(relErr(dy.grad?.dataSync() ?? [], ref.y)).toBeLessThan(1e-12);
    expect(relErr(w.grad?.dataSync() ?? [], ref.gw)).toBeLessThan(1e-12);
  });

  it('conv2dWeight is the filter gradient; its gradients are the input gradient and conv2d', () => {
    const x = t64(xShape, 4);
    const dy = t64(conv2d(x, zeros(wShape, { dtype: 'float64' }), null, a).shape, 5);
    const v = fromValues(values(6 * 2 * 3 * 2, 6), wShape, { dtype: 'float64' });
    const out = conv2dWeight(x, wShape, dy, a);
    expect(relErr(out.dataSync(), naiveConv(x, v, dy.dataSync() as Float64Array, a).gw)).toBeLessThan(1e-12);
    sum(mul(out, v)).backward();
    const ref = naiveConv(x, v, dy.dataSync() as Float64Array, a);
    expect(relErr(x.grad?.dataSync() ?? [], ref.gx)).toBeLessThan(1e-12);
    expect(relErr(dy.grad?.dataSync() ?? [], ref.y)).toBeLessThan(1e-12);
  });

  it('rejects a gradOutput of the wrong shape', () => {
    expect(() => conv2dInput([1, 2, 5, 5], zeros([3, 2, 3, 3]), zeros([1, 3, 4, 4]))).toThrow(
      'conv2dInput: input [1,2,5,5], weight [3,2,3,3]: expected a 4-D gradOutput of shape [1,3,3,3], got [1,3,4,4]',
    );
  });
});

describe('conv2d errors', () => {
  const x = zeros([2, 4, 8, 8]);
  it('names the op and both shapes when channels do not match', () => {
    expect(() => conv2d(x, zeros([5, 3, 3, 3]))).toThrow(ShapeError);
    expect(() => conv2d(x, zeros([5, 3, 3, 3]))).toThrow('conv2d: input [2,4,8,8], weight [5,3,3,3]: expected weight to have 4 input channels');
  });
  it('rejects channels not divisible by groups', () => {
    expect(() => conv2d(x, zeros([6, 1, 3, 3]), null, { groups: 3 })).toThrow('conv2d: input [2,4,8,8], weight [6,1,3,3]: 4 input channels are not divisible by groups=3');
    expect(() => conv2d(x, zeros([5, 2, 3, 3]), null, { groups: 2 })).toThrow('5 output channels are not divisible by groups=2');
  });
  it('rejects a wrong rank and an empty output', () => {
    expect(() => conv2d(zeros([4, 8]), zeros([5, 4, 3, 3]))).toThrow('conv2d: input [4,8], weight [5,4,3,3]: expected a 4-D');
    expect(() => conv2d(x, zeros([5, 4, 3]))).toThrow('expected a 4-D [O,C/groups,kH,kW] weight');
    expect(() => conv2d(x, zeros([5, 4, 9, 9]))).toThrow('conv2d: input [2,4,8,8], weight [5,4,9,9]: output size 0x0 is too small');
  });
  it('rejects a bias of the wrong size, bad strides and mixed dtypes', () => {
    expect(() => conv2d(x, zeros([5, 4, 3, 3]), zeros([4]))).toThrow('expected bias of shape [5], got [4]');
    expect(() => conv2d(x, zeros([5, 4, 3, 3]), null, { stride: 0 })).toThrow('conv2d: stride must be an integer >= 1, got 0');
    expect(() => conv2d(x, zeros([5, 4, 3, 3], { dtype: 'float64' }))).toThrow(DTypeError);
  });
});
