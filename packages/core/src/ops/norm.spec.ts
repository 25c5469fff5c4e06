import { describe, expect, it } from 'vitest';
import { noGrad } from '../autograd/grad-mode.js';
import { ShapeError } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { mul } from './binary.js';
import { ones, tensor, zeros } from './creation.js';
import { batchNorm, layerNorm } from './norm.js';
import { sum } from './reduce.js';
import { expectClose, loadOpCase, relErr } from './golden.spec-helper.js';

const backwardWith = (out: Tensor, gradOut: Tensor): void => sum(mul(out, gradOut)).backward();

describe('batchNorm', () => {
  it('training: batch statistics, gradients and the running-stat update match PyTorch (golden)', () => {
    const f = loadOpCase('batch_norm2d_train');
    const x = f['in.x'].requiresGrad_();
    const w = f['in.w'].requiresGrad_();
    const b = f['in.b'].requiresGrad_();
    const rm = zeros([4]);
    const rv = ones([4]);
    const out = batchNorm(x, rm, rv, w, b, { training: true, momentum: 0.1, eps: 1e-5 });
    expectClose(out, f['out.0']);
    expectClose(rm, f['out.1']);
    expectClose(rv, f['out.2']);
    backwardWith(out, f.grad_out);
    expectClose(x.grad, f['grad.x']);
    expectClose(w.grad, f['grad.w']);
    expectClose(b.grad, f['grad.b']);
  });

  it('eval: normalises with the running statistics (golden)', () => {
    const f = loadOpCase('batch_norm2d_eval');
    const x = f['in.x'].requiresGrad_();
    const w = f['in.w'].requiresGrad_();
    const b = f['in.b'].requiresGrad_();
    const out = batchNorm(x, f['in.m'], f['in.v'], w, b, { training: false, eps: 1e-5 });
    expectClose(out, f.out);
    backwardWith(out, f.grad_out);
    expectClose(x.grad, f['grad.x']);
    expectClose(w.grad, f['grad.w']);
    expectClose(b.grad, f['grad.b']);
  });

  it('handles [N, C] inputs, no affine, and updates running stats with the unbiased variance', async () => {
    const x = tensor([[1, 10], [3, 20], [5, 30]]);
    const rm = zeros([2]);
    const rv = ones([2]);
    const out = batchNorm(x, rm, rv, null, null, { training: true, momentum: 0.5 });
    // Channel 0: mean 3, biased var 8/3; unbiased var 4.
    const s = Math.sqrt(8 / 3 + 1e-5);
    expect(relErr(out.dataSync().filter((_, i) => i % 2 === 0), [-2 / s, 0, 2 / s])).toBeLessThan(1e-5);
    expect(relErr(rm.dataSync(), [1.5, 10])).toBeLessThan(1e-6);
    expect(relErr(rv.dataSync(), [0.5 + 0.5 * 4, 0.5 + 0.5 * 100])).toBeLessThan(1e-6);
  });

  it('updates running stats with the default momentum 0.1, also inside noGrad', () => {
    const rm = zeros([1]);
    noGrad(() => batchNorm(tensor([[1], [3]]), rm, ones([1]), null, null, { training: true }));
    expect(relErr(rm.dataSync(), [0.2])).toBeLessThan(1e-6);
  });

  it('rejects mismatched channels and single-value training batches', () => {
    const x = tensor([[1, 2, 3]]);
    expect(() => batchNorm(x, zeros([2]), ones([2]))).toThrow(ShapeError);
    expect(() => batchNorm(x, zeros([2]), ones([2]))).toThrow('batchNorm: runningMean [2] does not match the 3 channels of input [1,3]');
    expect(() => batchNorm(x, zeros([3]), ones([3]), null, null, { training: true })).toThrow(/more than 1 value per channel/);
    expect(() => batchNorm(tensor([1, 2]), null, null)).toThrow(ShapeError);
  });
});

describe('layerNorm', () => {
  it('matches F.layer_norm forward and backward (golden)', () => {
    const f = loadOpCase('layer_norm');
    const x = f['in.x'].requiresGrad_();
    const w = f['in.w'].requiresGrad_();
    const b = f['in.b'].requiresGrad_();
    const out = layerNorm(x, [6], w, b, 1e-5);
    expectClose(out, f.out);
    backwardWith(out, f.grad_out);
    expectClose(x.grad, f['grad.x']);
    expectClose(w.grad, f['grad.w']);
    expectClose(b.grad, f['grad.b']);
  });

  it('normalises over several trailing dimensions without affine parameters', () => {
    const out = layerNorm(tensor([[[1, 2], [3, 4]]]), [2, 2]);
    const s = Math.sqrt(1.25 + 1e-5);
    expect(relErr(out.dataSync(), [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s])).toBeLessThan(1e-5);
  });

  it('rejects a normalized shape that does not end the input shape', () => {
    expect(() => layerNorm(tensor([[1, 2, 3]]), [2])).toThrow('layerNorm: normalized shape [2] does not match the trailing dimensions of input [1,3]');
    expect(() => layerNorm(tensor([[1, 2, 3]]), 3, ones([2]))).toThrow(ShapeError);
  });
});
