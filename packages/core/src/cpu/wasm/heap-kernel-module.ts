import { decodeBase64 } from './decode-base64.js';
import { tensorHeap, type TensorHeap } from './tensor-heap.js';

/** A kernel module's exports instantiated on a tensor heap, with that heap. */
export interface HeapKernels<T> {
  readonly heap: TensorHeap;
  readonly kernels: T;
}

/**
 * A WebAssembly kernel module that imports the tensor heap's memory (the vector and reduction
 * modules): compiled once per thread on first use, instantiated once per heap.
 */
export class HeapKernelModule<T> {
  private compiled: WebAssembly.Module | null | undefined;
  private current: HeapKernels<T> | null = null;

  constructor(private readonly base64: string) {}

  /**
   * The compiled module; null where the runtime lacks SIMD or refuses to compile it
   * synchronously (Chrome's main thread allows 4 KB), and the kernels keep their JS paths.
   */
  module(): WebAssembly.Module | null {
    if (this.compiled === undefined) {
      const bytes = decodeBase64(this.base64);
      try {
        this.compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
      } catch {
        this.compiled = null;
      }
    }
    return this.compiled;
  }

  /** The exports instantiated on `heap` (a test's own heap, or the backend's); null as {@link module}. */
  on(heap: TensorHeap): T | null {
    const module = this.module();
    return module ? heap.instantiate<T>(module) : null;
  }

  /** The backend's heap and the exports on it; null in the 'js' kernel mode, without shared memory or without the module. */
  onBackendHeap(): HeapKernels<T> | null {
    const heap = tensorHeap();
    if (!heap) return null;
    if (this.current?.heap !== heap) {
      const kernels = this.on(heap);
      this.current = kernels ? { heap, kernels } : null;
    }
    return this.current;
  }
}
