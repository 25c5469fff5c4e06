import type { DataId, TensorInfo } from '../backend/backend.js';
import type { TypedArray } from '../tensor/dtype.js';

/** The CPU backend's buffer handle: the TypedArray itself. */
export interface CpuData extends DataId {
  readonly values: TypedArray;
}

/** The array behind a kernel input. */
export const valuesOf = (info: TensorInfo): TypedArray => (info.dataId as CpuData).values;
