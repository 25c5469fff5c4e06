import { DeviceError } from '@flint/core';

/**
 * A GPU allocation that failed: larger than the device lets one buffer be, or refused by the
 * driver (an out-of-memory error scope). Names the op (kernel and input shapes) and the bytes.
 */
export class GpuMemoryError extends DeviceError {
  constructor(
    readonly op: string,
    readonly bytes: number,
    device: string,
    why: string,
  ) {
    super(`${op}: cannot allocate ${bytes} bytes on ${device}: ${why}`);
    this.name = 'GpuMemoryError';
  }
}

/**
 * A WebGPU validation error the device reported outside a compile check. Dawn's message names
 * the labelled objects involved: buffers carry the op that allocated them, bind groups and
 * pipelines their kernel.
 */
export class GpuValidationError extends DeviceError {
  constructor(
    device: string,
    readonly detail: string,
  ) {
    super(`${device}: WebGPU validation error: ${detail.trim()}`);
    this.name = 'GpuValidationError';
  }
}
