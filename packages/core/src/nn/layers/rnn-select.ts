import type { Tensor } from '../../tensor/tensor.js';
import { narrow, squeeze } from '../../ops/view.js';

/** `x[..., i, ...]` along `dim` with that dimension removed (PyTorch's `select`), as a view. */
export const select = (x: Tensor, dim: number, i: number): Tensor => squeeze(narrow(x, dim, i, 1), dim);
