import type { Backend, BackendMemory, DataId, KernelOutput } from '../backend/backend.js';
import type { KernelRegistry } from '../backend/kernel-registry.js';
import type { DType, TypedArray } from '../tensor/dtype.js';
import { bytesPerElement, dtypeOfArray } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';
import { assertTensorSize, sizeOf } from '../tensor/shape.js';
import type { CpuData } from './cpu-data.js';
import { cpuKernels } from './cpu-kernels.js';
import { HostBufferPool } from './host-buffer-pool.js';
import { tensorHeap, type TensorHeap } from './wasm/tensor-heap.js';

/**
 * Arrays of at least this many bytes live in the tensor heap (WebAssembly memory), where the
 * WASM kernels work on them in place; smaller ones stay JS arrays (a kernel call on a handful
 * of elements costs more than it saves). Measured in the package README.
 */
const HEAP_MIN_BYTES = 256;

/**
 * The embedded default backend: TypedArrays in the tensor heap (`wasm/tensor-heap.ts`) from
 * {@link HEAP_MIN_BYTES} up while WASM kernels are on, JS-heap TypedArrays otherwise.
 */
export class CpuBackend implements Backend {
  readonly name: string = 'cpu';
  readonly device: string = 'cpu';
  private buffers = 0;
  private bytes = 0;
  /** Freed large arrays, reused by later allocations of the same dtype and size. */
  private readonly pool = new HostBufferPool();

  /** `heapOf` gives the heap new arrays come from (null: JS arrays only); tests pass a small one. */
  constructor(private readonly heapOf: () => TensorHeap | null = tensorHeap) {}

  allocate(dtype: DType, size: number): CpuData {
    return this.take(dtype, size, true);
  }

  upload(values: TypedArray): CpuData {
    const data = this.take(dtypeOfArray(values), values.length, false);
    data.values.set(values);
    return data;
  }

  /** Takes ownership of `values` without copying (never given to the heap or pool on dispose). */
  adopt(values: TypedArray): CpuData {
    return this.track({ values });
  }

  /** A dense, zero-filled kernel output of `shape`. */
  output(dtype: DType, shape: Shape): KernelOutput & { values: TypedArray } {
    const data = this.allocate(dtype, sizeOf(shape));
    return { dataId: data, dtype, shape, values: data.values };
  }

  /**
   * A dense kernel output of `shape` whose values may be stale (a reused buffer is not cleared),
   * for kernels that write every element: it saves a pass over memory per op.
   */
  outputToOverwrite(dtype: DType, shape: Shape): KernelOutput & { values: TypedArray } {
    const data = this.take(dtype, sizeOf(shape), false);
    return { dataId: data, dtype, shape, values: data.values };
  }

  read(dataId: DataId): Promise<TypedArray> {
    return Promise.resolve(this.readSync(dataId));
  }

  readSync(dataId: DataId): TypedArray {
    return (dataId as CpuData).values.slice();
  }

  hostView(dataId: DataId): TypedArray {
    return (dataId as CpuData).values;
  }

  dispose(dataId: DataId): void {
    const { values, heap } = dataId as CpuData;
    this.buffers--;
    this.bytes -= values.byteLength;
    if (heap) heap.give(values);
    else this.pool.give(values);
  }

  memory(): BackendMemory {
    return { buffers: this.buffers, bytes: this.bytes };
  }

  /** A new buffer: from the tensor heap when it is on and the array is big enough, else from the pool. */
  private take(dtype: DType, size: number, zeroed: boolean): CpuData {
    // An op's output (a broadcast of two large inputs) can be too big although its inputs were not.
    assertTensorSize(`a cpu ${dtype} buffer`, size);
    const heap = size * bytesPerElement(dtype) >= HEAP_MIN_BYTES ? this.heapOf() : null;
    const values = heap?.take(dtype, size, zeroed);
    return this.track(values && heap ? { values, heap } : { values: this.pool.take(dtype, size, zeroed) });
  }

  private track(data: CpuData): CpuData {
    this.buffers++;
    this.bytes += data.values.byteLength;
    return data;
  }
}

/** Creates the CPU backend and registers its kernels. */
export function createCpuBackend(registry: KernelRegistry): CpuBackend {
  registry.registerAll(cpuKernels);
  return new CpuBackend();
}
