import { canFetchBatch, checkIndex, Dataset, type BatchFetchable } from './dataset.js';

/** The items of `dataset` at `indices`, in that order, like `torch.utils.data.Subset`. */
export class Subset<T> extends Dataset<T> implements BatchFetchable<unknown> {
  readonly indices: readonly number[];

  constructor(
    readonly dataset: Dataset<T>,
    indices: ArrayLike<number>,
  ) {
    super();
    this.indices = Array.from(indices);
    for (const i of this.indices) checkIndex('Subset', i, dataset.length);
  }

  get length(): number {
    return this.indices.length;
  }

  getItem(index: number): T | Promise<T> {
    checkIndex('Subset', index, this.length);
    return this.dataset.getItem(this.indices[index]);
  }

  /** Forwards a batch fetch to the parent when the parent can fetch batches. */
  getBatch(indices: readonly number[]): unknown {
    if (!canFetchBatch(this.dataset)) throw new TypeError('Subset.getBatch: the wrapped dataset has no getBatch');
    for (const i of indices) checkIndex('Subset', i, this.length);
    return this.dataset.getBatch(indices.map((i) => this.indices[i]));
  }
}
