import type { Backend, BackendMemory, DataId, DType, KernelOutput, Shape, TypedArray } from '@flint/core';
import { DeviceError, sizeOf } from '@flint/core';
import { BufferPool } from './buffer-pool.js';
import { GPU_ELEMENT_BYTES, gpuDataOf, type GpuData } from './gpu-data.js';
import { ProgramCache, WgslCompileError, type Program } from './program-cache.js';
import { assertSupported } from './unsupported.js';
import { MetaArena } from './meta-arena.js';
import { OpContext } from './op-context.js';
import { IndexFaults } from './index-faults.js';
import { GpuMemoryError, GpuValidationError } from './gpu-errors.js';
import { GpuTimer } from './gpu-timer.js';

const STORAGE = 0x80; // GPUBufferUsage.STORAGE
const COPY_SRC = 0x04;
const COPY_DST = 0x08;
const MAP_READ = 0x01;
/** Dispatches recorded before a batch is submitted even when nobody reads. */
const BATCH = 128;

/**
 * The WebGPU backend of one device. Kernels record dispatches into one open command encoder
 * (one compute pass); the batch is submitted every `BATCH` dispatches and before any read.
 * Nothing is read back unless the user reads a value.
 */
export class WebGpuBackend implements Backend {
  readonly name = 'webgpu';
  readonly programs: ProgramCache;
  /** The kernel running now, for errors that name the op. */
  readonly ops = new OpContext();
  /** Out-of-range indices found by gather/index_select kernels. */
  readonly faults: IndexFaults;
  /**
   * Timestamp queries for the profiler, where the device has the `timestamp-query` feature;
   * absent otherwise, and profiles then time this backend by wall clock.
   */
  readonly deviceTimer?: GpuTimer;
  /** The largest buffer a kernel can bind (maxStorageBufferBindingSize). */
  private readonly maxBinding: number;
  private readonly pool: BufferPool;
  private readonly meta: MetaArena;
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private recorded = 0;
  private live = 0;
  private liveBytes = 0;
  private deferred: Error | null = null;

  constructor(
    readonly device: string,
    readonly gpu: GPUDevice,
    /** The adapter's description. */
    readonly adapterName: string,
  ) {
    this.maxBinding = Math.min(gpu.limits.maxStorageBufferBindingSize, gpu.limits.maxBufferSize);
    this.pool = new BufferPool((bytes) => this.createBuffer(bytes), this.maxBinding);
    this.programs = new ProgramCache(gpu, (e) => this.fail(e));
    this.meta = new MetaArena(gpu);
    this.faults = new IndexFaults(gpu);
    if (gpu.features.has('timestamp-query')) this.deviceTimer = new GpuTimer(gpu, BATCH, () => this.flush());
    gpu.onuncapturederror = (ev) => {
      const { error } = ev;
      const oom = 'GPUOutOfMemoryError' in globalThis && error instanceof GPUOutOfMemoryError;
      this.fail(oom ? new GpuMemoryError('a GPU command', 0, this.device, error.message) : new GpuValidationError(this.device, error.message));
    };
  }

  /**
   * A new pool buffer, labelled with the op that needs it, inside out-of-memory and validation
   * error scopes: a refusal becomes a GpuMemoryError naming the op and the bytes, raised at the
   * next read or `sync()` (the scopes resolve asynchronously).
   */
  private createBuffer(bytes: number): GPUBuffer {
    const op = this.ops.describe('upload');
    this.gpu.pushErrorScope('out-of-memory');
    this.gpu.pushErrorScope('validation');
    const buffer = this.gpu.createBuffer({ size: bytes, usage: STORAGE | COPY_SRC | COPY_DST, label: op });
    const report = (e: GPUError | null): void => {
      if (e) this.fail(new GpuMemoryError(op, bytes, this.device, e.message));
    };
    const lost = (e: unknown): void => this.fail(new DeviceError(`${this.device}: ${String(e)}`));
    this.gpu.popErrorScope().then(report, lost);
    this.gpu.popErrorScope().then(report, lost);
    return buffer;
  }

  /** Keeps the first GPU error for the next read; a compile error outranks what it caused. */
  private fail(e: Error): void {
    if (!this.deferred || (e instanceof WgslCompileError && !(this.deferred instanceof WgslCompileError))) this.deferred = e;
  }

  allocate(dtype: DType, size: number): GpuData {
    assertSupported('allocate', dtype);
    const bytes = Math.max(size, 1) * GPU_ELEMENT_BYTES;
    if (bytes > this.maxBinding) {
      const why = `more than the ${this.maxBinding} bytes one buffer may hold here (maxStorageBufferBindingSize of ${this.adapterName})`;
      throw new GpuMemoryError(this.ops.describe(`${dtype} tensor of ${size} elements`), bytes, this.device, why);
    }
    const buffer = this.pool.acquire(bytes);
    this.live++;
    this.liveBytes += size * GPU_ELEMENT_BYTES;
    return { buffer, dtype, size };
  }

  /** A dense kernel output of `shape`. */
  output(dtype: DType, shape: Shape): KernelOutput & { dataId: GpuData } {
    return { dataId: this.allocate(dtype, sizeOf(shape)), dtype, shape };
  }

  upload(values: TypedArray, dtype: DType): GpuData {
    assertSupported('upload', dtype);
    const data = this.allocate(dtype, values.length);
    if (values.length === 0) return data;
    // bool arrives as bytes and is stored as u32.
    const words = dtype === 'bool' ? Uint32Array.from(values as Uint8Array) : values;
    const src = words.constructor === (dtype === 'float32' ? Float32Array : dtype === 'int32' ? Int32Array : Uint32Array)
      ? words
      : dtype === 'float32' ? Float32Array.from(words) : Int32Array.from(words);
    this.gpu.queue.writeBuffer(data.buffer, 0, src.buffer, src.byteOffset, values.length * GPU_ELEMENT_BYTES);
    return data;
  }

  async read(dataId: DataId): Promise<TypedArray> {
    const { buffer, dtype, size } = gpuDataOf(dataId);
    const bytes = Math.max(size, 1) * GPU_ELEMENT_BYTES;
    const staging = this.gpu.createBuffer({ size: bytes, usage: MAP_READ | COPY_DST });
    this.copy(buffer, 0, staging, 0, bytes);
    const faults = this.stageFaults();
    this.flush();
    try {
      await staging.mapAsync(1 /* GPUMapMode.READ */);
      await this.raiseErrors(faults);
      const raw = staging.getMappedRange().slice(0, size * GPU_ELEMENT_BYTES);
      staging.unmap();
      if (dtype === 'float32') return new Float32Array(raw);
      if (dtype === 'int32') return new Int32Array(raw);
      return Uint8Array.from(new Uint32Array(raw));
    } finally {
      staging.destroy();
    }
  }

  /** Waits for every submitted command; throws the first deferred GPU error. */
  async sync(): Promise<void> {
    const faults = this.stageFaults();
    this.flush();
    await this.gpu.queue.onSubmittedWorkDone();
    await this.raiseErrors(faults);
  }

  private stageFaults(): GPUBuffer | null {
    return this.faults.stage((src, dst, bytes) => this.copy(src, 0, dst, 0, bytes));
  }

  /** Throws the first deferred GPU error, else the out-of-range index the staged record holds. */
  private async raiseErrors(faults: GPUBuffer | null): Promise<void> {
    const fault = await this.faults.check(faults);
    if (this.deferred) await this.programs.settled();
    const e = this.deferred ?? fault;
    this.deferred = null;
    if (e) throw e;
  }

  dispose(dataId: DataId): void {
    const { buffer, size } = gpuDataOf(dataId);
    this.live--;
    this.liveBytes -= size * GPU_ELEMENT_BYTES;
    this.pool.release(buffer);
  }

  memory(): BackendMemory {
    return { buffers: this.live, bytes: this.liveBytes };
  }

  /** Pipelines compiled and free pooled bytes, for diagnostics. */
  stats(): { pipelines: number; pooledBytes: number } {
    return { pipelines: this.programs.size, pooledBytes: this.pool.freeBytes };
  }

  /** Compiles `p` now and resolves with its compile error, or null (tests, warm-up). */
  compile(p: Program): Promise<WgslCompileError | null> {
    return this.programs.compile(p);
  }

  /**
   * Records one dispatch of `p` over `groups` workgroups. `buffers` are bound in order at
   * bindings 0.., then `meta` (i32 values) at the next binding.
   */
  dispatch(p: Program, buffers: GPUBuffer[], meta: ArrayLike<number>, groups: [number, number, number]): void {
    if (groups[0] * groups[1] * groups[2] === 0) return;
    const pipeline = this.programs.pipeline(p);
    if (!this.meta.fits(meta.length)) this.flush();
    const slot = this.meta.push(meta);
    const entries: GPUBindGroupEntry[] = buffers.map((buffer, binding) => ({ binding, resource: { buffer } }));
    entries.push({ binding: buffers.length, resource: slot });
    const group = this.gpu.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
    const timer = this.deviceTimer?.recording ? this.deviceTimer : null;
    if (timer?.full) this.flush();
    const pass = timer ? this.openTimedPass(timer) : this.openPass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(groups[0], groups[1], groups[2]);
    if (timer) this.endPass();
    if (++this.recorded >= BATCH) this.flush();
  }

  /** Records a buffer-to-buffer copy (ends the open compute pass). */
  copy(src: GPUBuffer, srcOffset: number, dst: GPUBuffer, dstOffset: number, bytes: number): void {
    if (bytes === 0) return;
    this.endPass();
    this.encoder ??= this.gpu.createCommandEncoder();
    this.encoder.copyBufferToBuffer(src, srcOffset, dst, dstOffset, bytes);
  }

  private openPass(): GPUComputePassEncoder {
    if (!this.pass) {
      this.encoder ??= this.gpu.createCommandEncoder();
      this.pass = this.encoder.beginComputePass();
    }
    return this.pass;
  }

  /** A compute pass of its own for one profiled dispatch, with timestamps at its start and end. */
  private openTimedPass(timer: GpuTimer): GPUComputePassEncoder {
    this.endPass();
    this.encoder ??= this.gpu.createCommandEncoder();
    this.pass = this.encoder.beginComputePass({ timestampWrites: timer.nextPass() });
    return this.pass;
  }

  private endPass(): void {
    this.pass?.end();
    this.pass = null;
  }

  /** Submits what is recorded; released buffers become reusable afterwards. */
  flush(): void {
    this.endPass();
    if (this.encoder) {
      this.meta.upload();
      this.deviceTimer?.resolve(this.encoder);
      this.gpu.queue.submit([this.encoder.finish()]);
      this.deviceTimer?.submitted();
      this.encoder = null;
      this.recorded = 0;
    }
    this.pool.afterSubmit();
  }

  /** Frees pooled buffers and destroys the device; the backend is unusable afterwards. */
  destroy(): void {
    this.flush();
    this.pool.drain();
    this.meta.destroy();
    this.faults.destroy();
    this.deviceTimer?.destroy();
    this.gpu.destroy();
  }
}
