import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { mul } from './binary.js';
import { tensor } from './creation.js';
import { bceWithLogits, crossEntropy, mseLoss, nllLoss } from './loss.js';
import { sum } from './reduce.js';
import { permute } from './view.js';
import { expectClose, loadOpCase, relErr } from './golden.spec-helper.js';

const backwardWith = (out: Tensor, gradOut: Tensor): void => sum(mul(out, gradOut)).backward();
const close = (t: Tensor | null, expected: number[]): void => {
  if (!t) throw new Error('close: expected a tensor, got null');
  expect(relErr(t.dataSync(), expected)).toBeLessThan(1e-5);
};

describe('crossEntropy', () => {
  it('matches F.cross_entropy forward and backward (golden)', () => {
    const f = loadOpCase('cross_entropy');
    const logits = f['in.logits'].requiresGrad_();
    const out = crossEntropy(logits, f['in.target']);
    expectClose(out, f.out);
    backwardWith(out, f.grad_out);
    expectClose(logits.grad, f['grad.logits']);
  });

  it('matches PyTorch with label smoothing and ignore_index together (golden)', () => {
    const f = loadOpCase('cross_entropy_smooth_ignore');
    const logits = f['in.logits'].requiresGrad_();
    const out = crossEntropy(logits, f['in.target'], { labelSmoothing: 0.1, ignoreIndex: 2 });
    expectClose(out, f.out);
    backwardWith(out, f.grad_out);
    expectClose(logits.grad, f['grad.logits']);
  });

  const x = () => tensor([[1, 2, 3], [0.5, -1, 2], [0, 0, 0], [3, 1, -2]], { dtype: 'float64' });
  const t = tensor([2, 0, 1, 1], { dtype: 'int32' });
  const weight = tensor([1, 2, 0.5], { dtype: 'float64' });
  const opts = { weight, labelSmoothing: 0.2, ignoreIndex: 1 };

  it('combines class weights, smoothing and ignoreIndex in every reduction as PyTorch does', () => {
    close(crossEntropy(x(), t, { ...opts, reduction: 'none' }), [0.52481711, 1.94935501, 0, 0]);
    close(crossEntropy(x(), t, { ...opts, reduction: 'sum' }), [2.474172117360503]);
    close(crossEntropy(x(), t, opts), [1.6494480782403353]);
  });

  it('takes [N, C, d] inputs with [N, d] targets', () => {
    // The same four rows laid out as N=2, C=3, d=2.
    const x3 = permute(tensor([[[1, 2, 3], [0.5, -1, 2]], [[0, 0, 0], [3, 1, -2]]], { dtype: 'float64' }), [0, 2, 1]);
    const t2 = tensor([[2, 0], [1, 1]], { dtype: 'int32' });
    const none = crossEntropy(x3, t2, { ...opts, reduction: 'none' });
    expect(none.shape).toEqual([2, 2]);
    close(none, [0.52481711, 1.94935501, 0, 0]);
    close(crossEntropy(x3, t2, opts), [1.6494480782403353]);
  });

  it('reads a float target shaped like the input as class probabilities', () => {
    const p = tensor([[0.1, 0.2, 0.7], [1, 0, 0], [0.3, 0.3, 0.4], [0, 0.5, 0.5]], { dtype: 'float64' });
    close(crossEntropy(x(), p, { weight, labelSmoothing: 0.2 }), [1.8721498142631923]);
  });

  it('rejects float class targets, batch mismatches and out-of-range classes', () => {
    const logits = tensor([[1, 2], [3, 4]]);
    expect(() => crossEntropy(logits, tensor([0, 1]))).toThrow(DTypeError);
    expect(() => crossEntropy(logits, tensor([0, 1]))).toThrow('crossEntropy: target must be int32 class indices, got float32');
    expect(() => crossEntropy(logits, tensor([0, 1, 1], { dtype: 'int32' }))).toThrow(ShapeError);
    expect(() => crossEntropy(logits, tensor([0, 1, 1], { dtype: 'int32' }))).toThrow(
      'crossEntropy: input [2,2] and target [3]: expected target of shape [2]',
    );
    expect(() => crossEntropy(logits, tensor([0, 5], { dtype: 'int32' }))).toThrow(/crossEntropy: target 5 is out of bounds/);
  });
});

describe('nllLoss', () => {
  it('matches F.nll_loss forward and backward (golden)', () => {
    const f = loadOpCase('nll_loss');
    const logp = f['in.logp'].requiresGrad_();
    const out = nllLoss(logp, f['in.target']);
    expectClose(out, f.out);
    backwardWith(out, f.grad_out);
    expectClose(logp.grad, f['grad.logp']);
  });

  it('ignores the default ignoreIndex -100 and divides by the weight of the rest', () => {
    const logp = tensor([[-1, -2], [-3, -4], [-5, -6]]);
    const target = tensor([1, -100, 0], { dtype: 'int32' });
    close(nllLoss(logp, target), [(2 + 5) / 2]);
    close(nllLoss(logp, target, { weight: tensor([3, 1]) }), [(2 * 1 + 5 * 3) / 4]);
    close(nllLoss(logp, target, { reduction: 'none' }), [2, 0, 5]);
  });
});

describe('mseLoss', () => {
  it('matches F.mse_loss forward and both gradients (golden)', () => {
    const f = loadOpCase('mse_loss');
    const a = f['in.a'].requiresGrad_();
    const b = f['in.b'].requiresGrad_();
    const out = mseLoss(a, b);
    expectClose(out, f.out);
    backwardWith(out, f.grad_out);
    expectClose(a.grad, f['grad.a']);
    expectClose(b.grad, f['grad.b']);
  });

  it('reduces by sum or none and refuses different shapes', () => {
    const a = tensor([1, 2, 3]);
    const b = tensor([1, 0, 0]);
    close(mseLoss(a, b, { reduction: 'sum' }), [13]);
    close(mseLoss(a, b, { reduction: 'none' }), [0, 4, 9]);
    expect(() => mseLoss(a, tensor([1]))).toThrow('mseLoss: input [3] and target [1] must have the same shape');
  });
});

describe('bceWithLogits', () => {
  it('matches F.binary_cross_entropy_with_logits, gradients for logits and target (golden)', () => {
    const f = loadOpCase('bce_with_logits');
    const a = f['in.a'].requiresGrad_();
    const y = f['in.y'].requiresGrad_();
    const out = bceWithLogits(a, y);
    expectClose(out, f.out);
    backwardWith(out, f.grad_out);
    expectClose(a.grad, f['grad.a']);
    expectClose(y.grad, f['grad.y']);
  });

  it('applies posWeight, stays finite for large logits and has gradient sigmoid(x) - y at x = 0', () => {
    const a = tensor([[0, 1.5, -2], [3, -0.5, 0]], { dtype: 'float64', requiresGrad: true });
    const y = tensor([[1, 0, 0.5], [0, 1, 1]], { dtype: 'float64', requiresGrad: true });
    const loss = bceWithLogits(a, y, { posWeight: tensor([2, 1, 0.5], { dtype: 'float64' }) });
    close(loss, [1.3420235955697828]);
    loss.backward();
    close(a.grad, [-0.16666667, 0.13626241, -0.0267663, 0.15876235, -0.10374322, -0.04166667]);
    close(y.grad, [0.11552453, -0.25, 0.15608933, -0.49190211, 0.08333333, -0.05776227]);
    const big = bceWithLogits(tensor([200, -200]), tensor([0, 1]), { reduction: 'none' });
    close(big, [200, 200]);
    const z = tensor([0], { requiresGrad: true });
    bceWithLogits(z, tensor([1])).backward();
    close(z.grad, [-0.5]);
  });
});
