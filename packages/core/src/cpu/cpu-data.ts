import type { DataId, TensorInfo } from '../backend/backend.js';
import type { TypedArray } from '../tensor/dtype.js';
import type { TensorHeap } from './wasm/tensor-heap.js';

/** The CPU backend's buffer handle: the TypedArray itself. */
export interface CpuData extends DataId {
  readonly values: TypedArray;
  /** The heap `values` was taken from, to give it back on dispose; absent for JS arrays and adopted memory. */
  readonly heap?: TensorHeap;
}

/** The array behind a kernel input. */
export const valuesOf = (info: TensorInfo): TypedArray => (info.dataId as CpuData).values;
