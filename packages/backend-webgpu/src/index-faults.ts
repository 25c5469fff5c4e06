const STORAGE = 0x80;
const COPY_SRC = 0x04;
const COPY_DST = 0x08;
const MAP_READ = 0x01;
const BYTES = 32;

/** The ops whose kernels check their indices, by the code their WGSL reports. */
const OPS = ['', 'gather', 'indexSelect'] as const;
export type IndexFaultOp = 'gather' | 'indexSelect';
export const indexFaultCode = (op: IndexFaultOp): number => OPS.indexOf(op);

/**
 * WGSL of the fault record at `binding` and `reportIndexFault(op, index, axis, size)`: the first
 * out-of-range index of any kernel since the last check wins (an atomic exchange on `flag`).
 */
export function indexFaultWgsl(binding: number): string {
  return `
struct IndexFault { flag: atomic<u32>, op: u32, index: i32, axis: i32, size: i32 }
@group(0) @binding(${binding}) var<storage, read_write> fault: IndexFault;
fn reportIndexFault(op: u32, index: i32, axis: i32, size: i32) {
  if (atomicExchange(&fault.flag, 1u) == 0u) {
    fault.op = op; fault.index = index; fault.axis = axis; fault.size = size;
  }
}`;
}

/**
 * Out-of-range indices found on the GPU. A kernel cannot throw, so gather and index_select
 * record the first bad index in one small buffer and write 0 in its place; the backend reads the
 * record with the next read or `sync()` and raises the same RangeError the CPU backend raises at
 * the op, e.g. `gather: index 7 is out of bounds for dimension 1 with size 4`.
 */
export class IndexFaults {
  readonly buffer: GPUBuffer;
  /** A checking kernel was recorded since the record was last staged for reading. */
  private armed = false;

  constructor(private readonly device: GPUDevice) {
    this.buffer = device.createBuffer({ size: BYTES, usage: STORAGE | COPY_SRC | COPY_DST, label: 'index faults' });
  }

  /** The binding a checking kernel passes; arms the next check. */
  bind(): GPUBuffer {
    this.armed = true;
    return this.buffer;
  }

  /**
   * When armed, records a copy of the fault record into a fresh staging buffer with `copy`
   * (before the batch is flushed) and returns it for `check`; otherwise null.
   */
  stage(copy: (src: GPUBuffer, dst: GPUBuffer, bytes: number) => void): GPUBuffer | null {
    if (!this.armed) return null;
    this.armed = false;
    const staging = this.device.createBuffer({ size: BYTES, usage: MAP_READ | COPY_DST });
    copy(this.buffer, staging, BYTES);
    return staging;
  }

  /** Reads a staged record; clears the record and returns the error when an index was bad. */
  async check(staging: GPUBuffer | null): Promise<RangeError | null> {
    if (!staging) return null;
    try {
      await staging.mapAsync(1 /* GPUMapMode.READ */);
      const [flag, op, index, axis, size] = new Int32Array(staging.getMappedRange().slice(0, 20));
      staging.unmap();
      if (flag === 0) return null;
      this.device.queue.writeBuffer(this.buffer, 0, new Uint32Array(BYTES / 4));
      return new RangeError(`${OPS[op] || 'index'}: index ${index} is out of bounds for dimension ${axis} with size ${size}`);
    } finally {
      staging.destroy();
    }
  }

  destroy(): void {
    this.buffer.destroy();
  }
}
