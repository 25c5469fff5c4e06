import type { DeviceSpan, DeviceTimer, PendingDeviceTime } from '@flint/core';

const QUERY_RESOLVE = 0x200; // GPUBufferUsage.QUERY_RESOLVE
const COPY_SRC = 0x04;
const COPY_DST = 0x08;
const MAP_READ = 0x01;

/** GPU objects of one batch of timestamps: reused once their readback is done. */
interface QuerySlots {
  readonly querySet: GPUQuerySet;
  readonly resolve: GPUBuffer;
  readonly read: GPUBuffer;
}

/**
 * Timestamps of the dispatches of one submitted command buffer. `times` holds, per dispatch,
 * its start (ms, device clock) and duration, once read back.
 */
interface Batch {
  readonly slots: QuerySlots;
  /** Global index of its first dispatch. */
  readonly first: number;
  used: number;
  readonly times: Promise<Float64Array>;
  deliver(t: Float64Array): void;
  fail(e: unknown): void;
}

/**
 * WebGPU timestamp queries as core's DeviceTimer. While a kernel runs under a profile, each of
 * its dispatches gets its own compute pass whose `timestampWrites` record the start and end;
 * each submitted command buffer resolves its queries into a buffer that is read back
 * asynchronously, so timing never blocks an op. A kernel's device time is the sum over its
 * dispatches.
 */
export class GpuTimer implements DeviceTimer {
  readonly timing = 'gpu';
  private readonly free: QuerySlots[] = [];
  private readonly noWork: PendingDeviceTime;
  private batch: Batch | null = null;
  /** Batches begun since the outermost open kernel began, for kernels that span a submit. */
  private readonly open: Batch[] = [];
  private readonly starts: number[] = [];
  private dispatched = 0;

  constructor(
    private readonly gpu: GPUDevice,
    /** Most dispatches one submitted command buffer holds. */
    private readonly capacity: number,
    private readonly submit: () => void,
  ) {
    this.noWork = { timer: this, span: Promise.resolve({ startMs: null, durationMs: 0 }) };
  }

  /** Whether dispatches are being timed now (a profiled kernel is running). */
  get recording(): boolean {
    return this.starts.length > 0;
  }

  /** Whether the current batch has no query left: the backend must submit first. */
  get full(): boolean {
    return this.batch !== null && this.batch.used === this.capacity;
  }

  begin(): void {
    if (this.starts.length === 0 && this.batch) this.open.push(this.batch);
    this.starts.push(this.dispatched);
  }

  end(): PendingDeviceTime {
    const from = this.starts.pop() ?? this.dispatched;
    const to = this.dispatched;
    const batches = this.open.filter((b) => b.first < to && b.first + b.used > from);
    if (this.starts.length === 0) this.open.length = 0;
    if (from === to) return this.noWork;
    return { timer: this, span: Promise.all(batches.map((b) => b.times)).then((t) => spanOf(batches, t, from, to)) };
  }

  flush(): void {
    this.submit();
  }

  /** The timestamp writes for the next dispatch's compute pass. */
  nextPass(): GPUComputePassTimestampWrites {
    const b = (this.batch ??= this.newBatch());
    const i = b.used++;
    this.dispatched++;
    return { querySet: b.slots.querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 };
  }

  /** Records the resolve and copy of the batch's timestamps; call before the encoder finishes. */
  resolve(encoder: GPUCommandEncoder): void {
    const b = this.batch;
    if (!b || b.used === 0) return;
    encoder.resolveQuerySet(b.slots.querySet, 0, 2 * b.used, b.slots.resolve, 0);
    encoder.copyBufferToBuffer(b.slots.resolve, 0, b.slots.read, 0, 16 * b.used);
  }

  /** After the submit that carried `resolve`: reads the batch back and starts a new one. */
  submitted(): void {
    const b = this.batch;
    if (!b || b.used === 0) return;
    this.batch = null;
    const { read } = b.slots;
    read.mapAsync(1 /* GPUMapMode.READ */, 0, 16 * b.used).then(
      () => {
        const ns = new BigUint64Array(read.getMappedRange(0, 16 * b.used));
        const times = new Float64Array(2 * b.used);
        for (let i = 0; i < b.used; i++) {
          const start = Number(ns[2 * i]);
          times[2 * i] = start / 1e6;
          // Timestamps may go backwards across a clock reset; such a dispatch counts 0 ms.
          times[2 * i + 1] = Math.max(0, Number(ns[2 * i + 1]) - start) / 1e6;
        }
        read.unmap();
        this.free.push(b.slots);
        b.deliver(times);
      },
      (e: unknown) => {
        destroySlots(b.slots);
        b.fail(e);
      },
    );
  }

  /** Frees the query sets and buffers not in flight. */
  destroy(): void {
    for (const s of this.free.splice(0)) destroySlots(s);
  }

  private newBatch(): Batch {
    const slots = this.free.pop() ?? this.createSlots();
    let deliver!: (t: Float64Array) => void;
    let fail!: (e: unknown) => void;
    const times = new Promise<Float64Array>((res, rej) => ((deliver = res), (fail = rej)));
    const b: Batch = { slots, first: this.dispatched, used: 0, times, deliver, fail };
    if (this.starts.length > 0) this.open.push(b);
    return b;
  }

  private createSlots(): QuerySlots {
    const bytes = 16 * this.capacity;
    return {
      querySet: this.gpu.createQuerySet({ type: 'timestamp', count: 2 * this.capacity, label: 'flint profiler timestamps' }),
      resolve: this.gpu.createBuffer({ size: bytes, usage: QUERY_RESOLVE | COPY_SRC, label: 'flint profiler resolve' }),
      read: this.gpu.createBuffer({ size: bytes, usage: MAP_READ | COPY_DST, label: 'flint profiler readback' }),
    };
  }
}

/** The span of global dispatches [from, to) over the batches holding them. */
function spanOf(batches: readonly Batch[], times: readonly Float64Array[], from: number, to: number): DeviceSpan {
  let startMs: number | null = null;
  let durationMs = 0;
  batches.forEach((b, k) => {
    const lo = Math.max(from, b.first) - b.first;
    const hi = Math.min(to, b.first + b.used) - b.first;
    for (let i = lo; i < hi; i++) {
      startMs ??= times[k][2 * i];
      durationMs += times[k][2 * i + 1];
    }
  });
  return { startMs, durationMs };
}

function destroySlots(s: QuerySlots): void {
  s.querySet.destroy();
  s.resolve.destroy();
  s.read.destroy();
}
