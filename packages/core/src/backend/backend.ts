import type { DType, TypedArray } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';
import type { DeviceTimer } from '../profiler/device-timer.js';

/** A backend's handle to one buffer. Opaque above the backend. */
export type DataId = object;

/**
 * What a kernel sees of a tensor: its buffer plus the view into it. Kernels that take only
 * dense inputs say so in `kernel-names.ts`; the op layer makes inputs contiguous for them.
 */
export interface TensorInfo {
  readonly dataId: DataId;
  readonly dtype: DType;
  readonly shape: Shape;
  readonly strides: readonly number[];
  readonly offset: number;
}

/** A dense result a kernel allocated: the engine wraps it in a tensor. */
export interface KernelOutput {
  readonly dataId: DataId;
  readonly dtype: DType;
  readonly shape: Shape;
}

export interface BackendMemory {
  readonly buffers: number;
  readonly bytes: number;
}

/**
 * Storage half of the backend contract; the other half is the kernels it registers.
 * A new backend implements this and registers kernels: nothing above the registry knows it.
 */
export interface Backend {
  /** Registry name of the backend's kernels (`'cpu'`, `'webgpu'`). */
  readonly name: string;
  /** Device string of this instance (`'cpu'`, `'webgpu:1'`). */
  readonly device: string;
  allocate(dtype: DType, size: number): DataId;
  /** Copies host values into a new buffer. */
  upload(values: TypedArray, dtype: DType): DataId;
  /** Reads a whole buffer back; async on every backend. */
  read(dataId: DataId): Promise<TypedArray>;
  /** Synchronous read, only where the device allows it (CPU). */
  readSync?(dataId: DataId): TypedArray;
  /**
   * The buffer's own host memory, without a copy, where it lives on the host (CPU): writes go
   * straight into the tensor. For transports that move data in place (DDP's collectives).
   */
  hostView?(dataId: DataId): TypedArray;
  /**
   * Wraps host memory the caller owns as a buffer, without a copy, where the device is the host
   * (CPU): the memory can be shared with other threads (a SharedArrayBuffer). Never pooled on dispose.
   */
  adopt?(values: TypedArray): DataId;
  dispose(dataId: DataId): void;
  memory(): BackendMemory;
  /** Times kernels on the device while a profile records; absent where only wall time exists. */
  readonly deviceTimer?: DeviceTimer;
}
