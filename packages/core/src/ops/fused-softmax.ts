import { isGradEnabled } from '../autograd/grad-mode.js';
import { kernelRegistry } from '../backend/kernel-registry.js';
import type { Tensor } from '../tensor/tensor.js';
import { mul, sub } from './binary.js';
import { runKernel } from './dispatch.js';
import { contiguous, exp } from './unary.js';
import { record } from './record.js';
import { sum } from './reduce.js';

/**
 * Softmax or log-softmax over the last axis of a float32 tensor in one kernel, where the backend
 * has the optional `Softmax`/`LogSoftmax` kernels; null otherwise (the caller composes it).
 * The gradient is one `SoftmaxGrad`/`LogSoftmaxGrad` kernel given the output, or, while the
 * graph of the backward itself is recorded (double backward), its composite form.
 */
export function fusedSoftmax(x: Tensor, axis: number, log: boolean): Tensor | null {
  if (x.dtype !== 'float32' || axis !== x.ndim - 1 || !kernelRegistry.has(x.storage.backend.name, log ? 'LogSoftmax' : 'Softmax')) return null;
  const out = runKernel(log ? 'LogSoftmax' : 'Softmax', { x: contiguous(x) }, {});
  return record(log ? 'log_softmax' : 'softmax', [x], out, [out], ([g], [so]) => [softmaxBackward(g, so, log)]);
}

/** PyTorch's `_softmax_backward_data` (`y * (g - sum(g * y))`) or `_log_softmax_backward_data` (`g - exp(y) * sum(g)`). */
function softmaxBackward(g: Tensor, y: Tensor, log: boolean): Tensor {
  const kernel = log ? 'LogSoftmaxGrad' : 'SoftmaxGrad';
  if (!isGradEnabled() && g.dtype === 'float32' && kernelRegistry.has(y.storage.backend.name, kernel)) return runKernel(kernel, { dy: contiguous(g), y }, {});
  const axis = y.ndim - 1;
  return log ? sub(g, mul(exp(y), sum(g, axis, true))) : mul(y, sub(g, sum(mul(g, y), axis, true)));
}
