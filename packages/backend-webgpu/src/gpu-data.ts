import type { DataId, DType } from '@flint/core';

/**
 * The WebGPU backend's buffer handle. Every supported dtype takes 4 bytes per element on the
 * GPU: float32 as f32, int32 as i32 and bool as u32 (WGSL has no 1-byte storage type).
 */
export interface GpuData extends DataId {
  readonly buffer: GPUBuffer;
  readonly dtype: DType;
  /** Elements the tensor holds; the buffer may be larger (its pool size class). */
  readonly size: number;
}

/** Bytes one element takes on the GPU. */
export const GPU_ELEMENT_BYTES = 4;

export const gpuDataOf = (id: DataId): GpuData => id as GpuData;
