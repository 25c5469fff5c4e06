/**
 * A map-style dataset, like `torch.utils.data.Dataset`: `length` items addressed by index.
 * `getItem` may return a promise (a dataset that reads files). Any object with this shape
 * works; extending the class is optional.
 */
export abstract class Dataset<T> {
  /** Item `index`, for 0 <= index < length. */
  abstract getItem(index: number): T | Promise<T>;
  /** Number of items. */
  abstract get length(): number;
}

/**
 * A dataset that fetches a whole batch at once (TensorDataset, and a Subset of one): the
 * loader calls `getBatch` with the batch's indices instead of collating items one by one.
 */
export interface BatchFetchable<B> {
  getBatch(indices: readonly number[]): B;
}

/** A stream-style dataset, like `torch.utils.data.IterableDataset`: items in iteration order. */
export abstract class IterableDataset<T> {
  abstract [Symbol.asyncIterator](): AsyncIterator<T>;
}

/** Anything the DataLoader can iterate as a stream. */
export type StreamDataset<T> = AsyncIterable<T> | Iterable<T>;

/** True for map-style datasets (`getItem` + `length`). */
export function isMapDataset<T>(d: unknown): d is Dataset<T> {
  return typeof d === 'object' && d !== null && typeof (d as Dataset<T>).getItem === 'function' && typeof (d as Dataset<T>).length === 'number';
}

/** True for datasets that answer `getBatch(indices)`. */
export function canFetchBatch<B>(d: unknown): d is BatchFetchable<B> {
  return typeof d === 'object' && d !== null && typeof (d as BatchFetchable<B>).getBatch === 'function';
}

/** Checks an index against a dataset's length, naming the dataset kind. */
export function checkIndex(kind: string, index: number, length: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= length) {
    throw new RangeError(`${kind}: index ${index} is out of range for a dataset of length ${length}`);
  }
}
