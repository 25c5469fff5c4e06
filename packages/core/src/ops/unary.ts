import type { UnaryKernelName } from '../backend/kernel-names.js';
import type { DType } from '../tensor/dtype.js';
import { isFloat } from '../tensor/dtype.js';
import { DTypeError } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { kernelRegistry } from '../backend/kernel-registry.js';
import { shapesEqual } from '../tensor/shape.js';
import { runKernel, sameDevice } from './dispatch.js';
import { record } from './record.js';
import { div, gt, logicalAnd, mul, sub } from './binary.js';
import { where } from './where.js';
import { castTo } from './operands.js';
import { zerosLike } from './creation.js';

function unary(op: string, kernel: UnaryKernelName, x: Tensor, floatOnly = false): Tensor {
  sameDevice(op, [x]);
  if (floatOnly && !isFloat(x.dtype)) {
    // PyTorch computes transcendental functions of integers in the default float type.
    x = cast(x, 'float32');
  }
  return runKernel(kernel, { x }, {});
}

/** `-x`. */
export function neg(x: Tensor): Tensor {
  if (x.dtype === 'bool') throw new DTypeError('neg: negation of a bool tensor is not supported; use logicalNot');
  return record('neg', [x], unary('neg', 'Neg', x), [], ([g]) => [neg(g)]);
}

/** `|x|`; its gradient at 0 is 0, as in PyTorch. */
export function abs(x: Tensor): Tensor {
  return record('abs', [x], unary('abs', 'Abs', x), [x], ([g], [sx]) => [mul(g, sign(sx))]);
}

export function sign(x: Tensor): Tensor {
  return piecewiseConstant('sign', 'Sign', x);
}

export function exp(x: Tensor): Tensor {
  const out = unary('exp', 'Exp', x, true);
  return record('exp', [x], out, [out], ([g], [so]) => [mul(g, so)]);
}

/** Natural logarithm. */
export function log(x: Tensor): Tensor {
  return record('log', [x], unary('log', 'Log', x, true), [x], ([g], [sx]) => [div(g, sx)]);
}

export function sqrt(x: Tensor): Tensor {
  const out = unary('sqrt', 'Sqrt', x, true);
  return record('sqrt', [x], out, [out], ([g], [so]) => [div(mul(g, 0.5), so)]);
}

/** `1 / sqrt(x)`. */
export function rsqrt(x: Tensor): Tensor {
  const out = unary('rsqrt', 'Rsqrt', x, true);
  return record('rsqrt', [x], out, [out], ([g], [so]) => [mul(g, mul(mul(so, mul(so, so)), -0.5))]);
}

export function tanh(x: Tensor): Tensor {
  const out = unary('tanh', 'Tanh', x, true);
  return record('tanh', [x], out, [out], ([g], [so]) => [mul(g, sub(1, mul(so, so)))]);
}

export function sigmoid(x: Tensor): Tensor {
  const out = unary('sigmoid', 'Sigmoid', x, true);
  return record('sigmoid', [x], out, [out], ([g], [so]) => [mul(g, mul(so, sub(1, so)))]);
}

/** `max(x, 0)`; gradient 0 at 0, as in PyTorch. */
export function relu(x: Tensor): Tensor {
  const out = unary('relu', 'Relu', x);
  return record('relu', [x], out, [out], ([g], [so]) => [reluGrad(g, so)]);
}

/**
 * `y > 0 ? g : 0`, ReLU's gradient given its output `y`: one `ReluGrad` kernel where the backend
 * has it (it is optional), else a compare and a select. Recorded like the composite: with grad
 * mode on, its own gradient flows to `g`.
 */
function reluGrad(g: Tensor, y: Tensor): Tensor {
  const fused = isFloat(g.dtype) && g.dtype === y.dtype && shapesEqual(g.shape, y.shape) && kernelRegistry.has(y.storage.backend.name, 'ReluGrad');
  if (!fused) return where(gt(y, 0), g, 0);
  const out = runKernel('ReluGrad', { dy: g, y }, {});
  return record('relu_backward', [g, null], out, [y], ([gg], [sy]) => [reluGrad(gg, sy), null]);
}

/** The Gauss error function. */
export function erf(x: Tensor): Tensor {
  return record('erf', [x], unary('erf', 'Erf', x, true), [x], ([g], [sx]) => [
    mul(g, mul(exp(mul(mul(sx, sx), -1)), 2 / Math.sqrt(Math.PI))),
  ]);
}

export function sin(x: Tensor): Tensor {
  return record('sin', [x], unary('sin', 'Sin', x, true), [x], ([g], [sx]) => [mul(g, cos(sx))]);
}

export function cos(x: Tensor): Tensor {
  return record('cos', [x], unary('cos', 'Cos', x, true), [x], ([g], [sx]) => [mul(g, neg(sin(sx)))]);
}

/**
 * A function that is constant between its jumps (sign, floor, ceil, round): as in PyTorch its
 * result stays in the graph and passes back a zero gradient, so `requiresGrad` is not lost.
 */
function piecewiseConstant(op: string, kernel: UnaryKernelName, x: Tensor): Tensor {
  return record(op, [x], unary(op, kernel, x), [], ([g]) => [zerosLike(g)]);
}

export const floor = (x: Tensor): Tensor => piecewiseConstant('floor', 'Floor', x);
export const ceil = (x: Tensor): Tensor => piecewiseConstant('ceil', 'Ceil', x);
/** Rounds half to even, as PyTorch does. */
export const round = (x: Tensor): Tensor => piecewiseConstant('round', 'Round', x);

export function logicalNot(x: Tensor): Tensor {
  if (x.dtype !== 'bool') throw new DTypeError(`logicalNot: expected a bool tensor, got ${x.dtype}`);
  return unary('logicalNot', 'LogicalNot', x);
}

/** Limits values to `[min, max]`; the gradient passes where `min <= x <= max`. */
export function clamp(x: Tensor, min = -Infinity, max = Infinity): Tensor {
  sameDevice('clamp', [x]);
  const out = runKernel('Clamp', { x }, { min, max });
  return record('clamp', [x], out, [x], ([g], [sx]) => [
    where(logicalAnd(sx.ge(min), sx.le(max)), g, 0),
  ]);
}

/** Converts to `dtype`; the gradient flows back through float-to-float casts. */
export function cast(x: Tensor, dtype: DType): Tensor {
  return castTo(x, dtype);
}

/** A dense copy of any view (the same tensor when it is already dense). */
export function contiguous(x: Tensor): Tensor {
  if (x.isContiguous()) return x;
  return clone(x);
}

/** A dense copy that autograd sees through. */
export function clone(x: Tensor): Tensor {
  return record('clone', [x], unary('clone', 'Copy', x), [], ([g]) => [g]);
}

