const STORAGE = 0x80;
const COPY_DST = 0x08;
/** Bytes of the arena: one batch's worth of small per-dispatch parameter blocks. */
const ARENA_BYTES = 1 << 16;
/** minStorageBufferOffsetAlignment's guaranteed value. */
const ALIGN = 256;

/**
 * Per-dispatch parameters (shapes, strides, attributes as i32) of one batch, packed into one
 * storage buffer at 256-byte aligned offsets. The host copy is written to the GPU just before
 * the batch is submitted; the queue orders that write after the previous batch, so one buffer
 * serves every batch.
 */
export class MetaArena {
  private readonly host = new Int32Array(ARENA_BYTES / 4);
  private readonly buffer: GPUBuffer;
  private used = 0;

  constructor(private readonly device: GPUDevice) {
    this.buffer = device.createBuffer({ size: ARENA_BYTES, usage: STORAGE | COPY_DST });
  }

  private static bytes(count: number): number {
    return Math.ceil(Math.max(count, 1) * 4 / ALIGN) * ALIGN;
  }

  fits(count: number): boolean {
    if (MetaArena.bytes(count) > ARENA_BYTES) throw new RangeError(`webgpu: ${count} kernel parameters exceed the ${ARENA_BYTES / 4} a dispatch may take`);
    return this.used + MetaArena.bytes(count) <= ARENA_BYTES;
  }

  /** Appends one block and returns its binding. */
  push(values: ArrayLike<number>): GPUBufferBinding {
    const offset = this.used;
    const at = offset / 4;
    for (let i = 0; i < values.length; i++) this.host[at + i] = values[i];
    const size = MetaArena.bytes(values.length);
    this.used += size;
    return { buffer: this.buffer, offset, size };
  }

  /** Writes the batch's blocks to the GPU and starts a new batch. */
  upload(): void {
    if (this.used === 0) return;
    this.device.queue.writeBuffer(this.buffer, 0, this.host.buffer, 0, this.used);
    this.used = 0;
  }

  destroy(): void {
    this.buffer.destroy();
  }
}
