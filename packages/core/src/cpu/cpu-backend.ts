import type { Backend, BackendMemory, DataId, KernelOutput } from '../backend/backend.js';
import type { KernelRegistry } from '../backend/kernel-registry.js';
import type { DType, TypedArray } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';
import { sizeOf } from '../tensor/shape.js';
import type { CpuData } from './cpu-data.js';
import { cpuKernels } from './cpu-kernels.js';
import { HostBufferPool } from './host-buffer-pool.js';

/** The embedded default backend: TypedArrays on the JS heap. */
export class CpuBackend implements Backend {
  readonly name: string = 'cpu';
  readonly device: string = 'cpu';
  private buffers = 0;
  private bytes = 0;
  /** Freed large arrays, reused by later allocations of the same dtype and size. */
  private readonly pool = new HostBufferPool();

  allocate(dtype: DType, size: number): CpuData {
    return this.adopt(this.pool.take(dtype, size));
  }

  upload(values: TypedArray): CpuData {
    return this.adopt(values.slice());
  }

  /** Takes ownership of `values` without copying. */
  adopt(values: TypedArray): CpuData {
    this.buffers++;
    this.bytes += values.byteLength;
    return { values };
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
    const data = this.adopt(this.pool.take(dtype, sizeOf(shape), false));
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
    const { values } = dataId as CpuData;
    this.buffers--;
    this.bytes -= values.byteLength;
    this.pool.give(values);
  }

  memory(): BackendMemory {
    return { buffers: this.buffers, bytes: this.bytes };
  }
}

/** Creates the CPU backend and registers its kernels. */
export function createCpuBackend(registry: KernelRegistry): CpuBackend {
  registry.registerAll(cpuKernels);
  return new CpuBackend();
}
