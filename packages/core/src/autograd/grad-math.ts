import type { Tensor } from '../tensor/tensor.js';
import type { OutputMeta } from './grad-node.js';
import { add } from '../ops/binary.js';
import { full } from '../ops/creation.js';

/** Sum of two gradient contributions. */
export const accumulate = (a: Tensor, b: Tensor): Tensor => add(a, b);

export const onesLike = (t: Tensor): Tensor => full(t.shape, 1, { dtype: t.dtype, device: t.device });

export const zerosOf = (meta: OutputMeta): Tensor => full(meta.shape, 0, { dtype: meta.dtype, device: meta.device });
