/**
 * GPU buffers by size class. A released buffer is quarantined until the batch of commands that
 * may still read it has been submitted (`afterSubmit`): only then may a `writeBuffer` (which
 * the queue runs before any later submit) overwrite it safely.
 */
export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  private quarantined: [number, GPUBuffer][] = [];
  private pooledBytes = 0;

  constructor(
    /** Makes a new buffer of exactly `bytes` (a size class) when none is free. */
    private readonly create: (bytes: number) => GPUBuffer,
    /** The largest buffer the device binds: a size class never rounds above it. */
    private readonly maxBytes = Infinity,
    /** Free bytes kept for reuse; releases beyond it destroy their buffer. */
    private readonly keepBytes = 1 << 30,
  ) {}

  /** Size class of `bytes`: 256 B minimum, then four steps per power of two (≤ 25 % slack). */
  static sizeClass(bytes: number): number {
    if (bytes <= 256) return 256;
    const p = 2 ** Math.floor(Math.log2(bytes - 1));
    const step = p / 4;
    return Math.ceil(bytes / step) * step;
  }

  acquire(bytes: number): GPUBuffer {
    const cls = Math.min(BufferPool.sizeClass(bytes), Math.max(bytes, this.maxBytes));
    const list = this.free.get(cls);
    const reused = list?.pop();
    if (reused) {
      this.pooledBytes -= cls;
      return reused;
    }
    return this.create(cls);
  }

  release(buffer: GPUBuffer): void {
    this.quarantined.push([buffer.size, buffer]);
  }

  /** The commands of the last batch are submitted: quarantined buffers become reusable. */
  afterSubmit(): void {
    for (const [cls, buf] of this.quarantined) {
      if (this.pooledBytes + cls > this.keepBytes) {
        buf.destroy();
        continue;
      }
      let list = this.free.get(cls);
      if (!list) this.free.set(cls, (list = []));
      list.push(buf);
      this.pooledBytes += cls;
    }
    this.quarantined = [];
  }

  /** Destroys every free buffer. */
  drain(): void {
    for (const list of this.free.values()) for (const b of list) b.destroy();
    this.free.clear();
    this.pooledBytes = 0;
  }

  get freeBytes(): number {
    return this.pooledBytes;
  }
}
