/**
 * Binds the functions `Tensor`'s methods forward to into `Tensor` (`bindTensorMethods`) when it
 * loads: core's entry points import it for that effect, so tensor.ts needs no runtime import of
 * the ops, which all import `Tensor`.
 */
import { backward } from '../autograd/backward.js';
import { bindTensorMethods } from '../tensor/tensor.js';
import { add, sub, mul, div, pow, maximum, minimum, eq, gt, ge, lt, le } from './binary.js';
import { neg, abs, exp, log, sqrt, tanh, sigmoid, relu, clamp, cast, contiguous, clone } from './unary.js';
import { sum, mean, amax, argmax } from './reduce.js';
import { softmax, logSoftmax } from './activation.js';
import { matmul } from './matmul.js';
import { reshape, view, transpose, permute, expand, squeeze, unsqueeze, flatten, narrow, slice } from './view.js';
import { copyInto } from './copy-into.js';
import { to } from './to-device.js';

const methods = {
  add, sub, mul, div, pow, maximum, minimum, eq, gt, ge, lt, le,
  neg, abs, exp, log, sqrt, tanh, sigmoid, relu, clamp, cast, contiguous, clone,
  sum, mean, amax, argmax, softmax, logSoftmax, matmul,
  reshape, view, transpose, permute, expand, squeeze, unsqueeze, flatten, narrow, slice,
  copyInto, to, backward,
};

/** What `Tensor`'s methods forward to. */
export type TensorMethodTable = typeof methods;

bindTensorMethods(methods);
