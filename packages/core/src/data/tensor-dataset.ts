import { ShapeError, fmtShape } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkIndex, Dataset, type BatchFetchable } from './dataset.js';
import { row, selectRows } from './row-ops.js';

/**
 * Wraps tensors that share their first dimension, like `torch.utils.data.TensorDataset`:
 * item i is `[t0[i], t1[i], ...]` (views, no copy). The loader fetches whole batches through
 * `getBatch`, which gathers rows of each tensor in one pass instead of stacking items.
 */
export class TensorDataset extends Dataset<Tensor[]> implements BatchFetchable<Tensor[]> {
  readonly tensors: readonly Tensor[];

  constructor(...tensors: Tensor[]) {
    super();
    if (tensors.length === 0) throw new ShapeError('TensorDataset: needs at least one tensor');
    const n = tensors[0].ndim > 0 ? tensors[0].shape[0] : -1;
    for (const t of tensors) {
      if (t.ndim === 0 || t.shape[0] !== n) {
        throw new ShapeError(`TensorDataset: size mismatch between tensors: ${tensors.map((x) => fmtShape(x.shape)).join(', ')} do not share dimension 0`);
      }
    }
    this.tensors = tensors;
  }

  get length(): number {
    return this.tensors[0].shape[0];
  }

  getItem(index: number): Tensor[] {
    checkIndex('TensorDataset', index, this.length);
    return this.tensors.map((t) => row(t, index));
  }

  /** `[t0[indices], t1[indices], ...]`: what `defaultCollate` of those items gives. */
  getBatch(indices: readonly number[]): Tensor[] {
    for (const i of indices) checkIndex('TensorDataset', i, this.length);
    return this.tensors.map((t) => selectRows(t, indices));
  }
}
