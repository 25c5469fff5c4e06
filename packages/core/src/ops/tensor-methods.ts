/** The functions `Tensor`'s methods forward to (kept apart so tensor.ts imports one module). */
export { add, sub, mul, div, pow, maximum, minimum, eq, gt, ge, lt, le } from './binary.js';
export { neg, abs, exp, log, sqrt, tanh, sigmoid, relu, clamp, cast, contiguous, clone } from './unary.js';
export { sum, mean, amax, argmax } from './reduce.js';
export { softmax, logSoftmax } from './activation.js';
export { matmul } from './matmul.js';
export { reshape, view, transpose, permute, expand, squeeze, unsqueeze, flatten, narrow, slice } from './view.js';
export { copyInto } from './copy-into.js';
export { to } from './to-device.js';
