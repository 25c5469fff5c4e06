import type { DType, TypedArray } from '../../tensor/dtype.js';
import { bytesPerElement } from '../../tensor/dtype.js';
import { cpuKernelMode } from './cpu-kernel-mode.js';
import { FreeListAllocator, HEAP_ALIGN, blockBytes } from './free-list-allocator.js';

/**
 * The CPU backend's tensors in WebAssembly memory, so WASM kernels read and write them in
 * place. ONE shared `WebAssembly.Memory` (shared, so a view taken before a `grow` stays valid
 * after it: a shared buffer grows in place instead of detaching) holds every heap array; the
 * address bookkeeping is `free-list-allocator.ts`. Every kernel module imports this memory as
 * `env.memory` (declared `(memory 1 32768 shared)`) and receives byte addresses.
 */
export interface TensorHeap {
  /** The memory every kernel module imports as `env.memory`. */
  readonly memory: WebAssembly.Memory;
  /** Byte address of `values`' first element in {@link memory}, or -1 when `values` is not in the heap. */
  addressOf(values: TypedArray): number;
  /**
   * An array of `size` elements in the heap, zero-filled unless `zeroed` is false (then a
   * reused block keeps stale values, for a caller that overwrites every element); null when
   * the memory cannot grow that far (the caller falls back to a JS array).
   */
  take(dtype: DType, size: number, zeroed?: boolean): TypedArray | null;
  /** Returns an array from {@link take} to the heap; anything else (or a second give) is ignored. */
  give(values: TypedArray): void;
  /** The exports of `module` instantiated on {@link memory}, one instance per module. */
  instantiate<T>(module: WebAssembly.Module): T;
  /** Bytes and blocks in use, and the memory's size: for tests and diagnostics. */
  usage(): TensorHeapUsage;
}

/** What {@link TensorHeap.usage} reports. */
export interface TensorHeapUsage {
  readonly liveBytes: number;
  readonly liveBlocks: number;
  /** Free fragments below the top of the used range. */
  readonly freeBlocks: number;
  /** End of the used range, in bytes. */
  readonly topBytes: number;
  /** Size of the memory, in bytes. */
  readonly memoryBytes: number;
}

const PAGE = 65536;
/** Maximum the heap's shared memory declares up front (2 GiB; only address space is reserved). */
const TENSOR_HEAP_MAX_PAGES = 32768;

/** Sizes of a heap's memory, in 64 KiB pages. */
export interface TensorHeapOptions {
  readonly initialPages?: number;
  /** The memory's declared maximum (kernel modules declare 32768). */
  readonly maximumPages?: number;
  /**
   * Pages the heap grows to at most (default 8192, 512 MiB); past it `take` returns null and the
   * backend allocates JS arrays. V8 does not see heap blocks as memory pressure, so tensors left
   * to the garbage collector (never disposed) would otherwise fill the whole 2 GiB before a
   * collection frees them; JS arrays beyond this limit do make V8 collect.
   */
  readonly growthLimitPages?: number;
}

/** Default of {@link TensorHeapOptions.growthLimitPages}: 512 MiB. */
const TENSOR_HEAP_GROWTH_LIMIT_PAGES = 8192;

class SharedTensorHeap implements TensorHeap {
  readonly memory: WebAssembly.Memory;
  private readonly allocator: FreeListAllocator;
  /** Pages the memory may grow to: the smaller of its maximum and the growth limit. */
  private readonly maxPages: number;
  /** Every SharedArrayBuffer object this memory has handed out (a grow hands out a new one). */
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  private buffer: ArrayBufferLike;
  /** Memory at and above this address has never been handed out, so it is still zero. */
  private untouched = 0;
  private readonly instances = new WeakMap<WebAssembly.Module, unknown>();

  constructor({ initialPages = 16, maximumPages = TENSOR_HEAP_MAX_PAGES, growthLimitPages = TENSOR_HEAP_GROWTH_LIMIT_PAGES }: TensorHeapOptions) {
    this.maxPages = Math.min(maximumPages, growthLimitPages);
    this.memory = new WebAssembly.Memory({ initial: initialPages, maximum: maximumPages, shared: true });
    this.buffer = this.memory.buffer;
    this.buffers.add(this.buffer);
    this.allocator = new FreeListAllocator(HEAP_ALIGN, this.buffer.byteLength);
  }

  addressOf(values: TypedArray): number {
    return this.buffers.has(values.buffer) ? values.byteOffset : -1;
  }

  take(dtype: DType, size: number, zeroed = true): TypedArray | null {
    const bytes = size * bytesPerElement(dtype);
    let at = this.allocator.alloc(bytes);
    if (at < 0) {
      if (!this.grow(this.allocator.limitNeededFor(bytes))) return null;
      at = this.allocator.alloc(bytes);
    }
    const values = this.view(dtype, at, size);
    if (at < this.untouched && zeroed) values.fill(0);
    this.untouched = Math.max(this.untouched, at + bytes);
    return values;
  }

  give(values: TypedArray): void {
    const at = this.addressOf(values);
    // Only a whole block is given back: a subarray view over part of one is ignored.
    if (at >= 0 && this.allocator.sizeAt(at) === blockBytes(values.byteLength)) this.allocator.free(at);
  }

  instantiate<T>(module: WebAssembly.Module): T {
    let exports = this.instances.get(module);
    if (exports === undefined) {
      exports = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports;
      this.instances.set(module, exports);
    }
    return exports as T;
  }

  usage(): TensorHeapUsage {
    const a = this.allocator;
    return { liveBytes: a.liveBytes, liveBlocks: a.liveBlocks, freeBlocks: a.freeBlocks, topBytes: a.top, memoryBytes: this.memory.buffer.byteLength };
  }

  /** Grows the memory to at least `bytes` (by a quarter more when that fits, so grows stay rare). */
  private grow(bytes: number): boolean {
    const have = this.buffer.byteLength / PAGE;
    const need = Math.ceil(bytes / PAGE);
    if (need > this.maxPages) return false;
    const target = Math.min(this.maxPages, Math.max(need, have + (have >> 2)));
    try {
      this.memory.grow(target - have);
    } catch {
      return false;
    }
    this.buffer = this.memory.buffer;
    this.buffers.add(this.buffer);
    this.allocator.extend(this.buffer.byteLength);
    return true;
  }

  private view(dtype: DType, at: number, size: number): TypedArray {
    switch (dtype) {
      case 'float32':
        return new Float32Array(this.buffer, at, size);
      case 'float64':
        return new Float64Array(this.buffer, at, size);
      case 'int32':
        return new Int32Array(this.buffer, at, size);
      case 'bool':
        return new Uint8Array(this.buffer, at, size);
    }
  }
}

/** A new, separate heap (tests; the backend uses the process-wide {@link tensorHeap}). Throws where shared memory is unavailable. */
export function createTensorHeap(options: TensorHeapOptions = {}): TensorHeap {
  return new SharedTensorHeap(options);
}

let shared: TensorHeap | null | undefined;

/**
 * This thread's heap whatever the kernel mode, created on first use; null where shared
 * WebAssembly memory is unavailable (a browser page without cross-origin isolation). The
 * backend frees through it even after a switch to the 'js' mode.
 */
export function tensorHeapInstance(): TensorHeap | null {
  if (shared === undefined) {
    try {
      shared = typeof SharedArrayBuffer === 'function' && typeof WebAssembly === 'object' ? createTensorHeap() : null;
    } catch {
      shared = null;
    }
  }
  return shared;
}

/** The heap new tensors and WASM kernels use: null when the kernel mode is 'js' or shared WebAssembly memory is unavailable. */
export function tensorHeap(): TensorHeap | null {
  return cpuKernelMode() === 'js' ? null : tensorHeapInstance();
}

/**
 * True when `values` lies in this thread's CPU tensor heap. Such memory is a SharedArrayBuffer,
 * but not a stable shared tensor: the backend reuses it for another tensor after a dispose, and
 * another thread does not own it. Code that shares a tensor's memory between threads (DDP's
 * `shareMemory`) must copy such an array rather than pass its buffer on.
 */
export function isTensorHeapMemory(values: TypedArray): boolean {
  return shared != null && shared.addressOf(values) >= 0;
}
