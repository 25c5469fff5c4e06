import { isFloat } from '../tensor/dtype.js';
import { normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { matmul } from './matmul.js';
import { triangularMask } from './triangular.js';
import { cast } from './unary.js';
import { transpose } from './view.js';

/**
 * `torch.cumsum`: running sums along `dim`. Computed as a product with an upper-triangular
 * matrix of ones (one GEMM on any backend; its gradient, the reversed running sum, comes from
 * matmul's). Integer and bool inputs sum in float32 and come back as int32, as PyTorch's
 * promotion to int64 would for values in range.
 */
export function cumsum(x: Tensor, dim: number): Tensor {
  if (x.ndim === 0) return x;
  const axis = normalizeAxis('cumsum', dim, x.ndim);
  const n = x.shape[axis];
  const float = isFloat(x.dtype) ? x : cast(x, 'float32');
  const ones = cast(triangularMask(n, n, 0, true, x.device), float.dtype);
  const last = axis === x.ndim - 1 ? float : transpose(float, axis, -1);
  const summed = matmul(last, ones);
  const out = axis === x.ndim - 1 ? summed : transpose(summed, axis, -1);
  return isFloat(x.dtype) ? out : cast(out, 'int32');
}
