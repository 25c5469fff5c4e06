import { afterAll, describe, expect, it } from 'vitest';
import { setCpuKernelMode } from './cpu-kernel-mode.js';
import { HeapKernelModule } from './heap-kernel-module.js';
import { createTensorHeap, tensorHeap } from './tensor-heap.js';
import { VECTOR_WASM } from './vector-wasm-bytes.js';
import type { VectorExports } from './vector-wasm.js';

afterAll(() => setCpuKernelMode('auto'));

describe('HeapKernelModule', () => {
  it('compiles once and instantiates once per heap, on that heap\'s memory', () => {
    const kernels = new HeapKernelModule<VectorExports>(VECTOR_WASM);
    const module = kernels.module();
    expect(module).toBeInstanceOf(WebAssembly.Module);
    expect(kernels.module()).toBe(module);
    const heap = createTensorHeap({ initialPages: 1 });
    const other = createTensorHeap({ initialPages: 1 });
    const onHeap = kernels.on(heap);
    if (!onHeap) throw new Error('the vector module did not instantiate');
    expect(kernels.on(heap)).toBe(onHeap);
    expect(kernels.on(other)).not.toBe(onHeap);
    const x = heap.take('float32', 4);
    if (!(x instanceof Float32Array)) throw new Error('heap could not hold 4 floats');
    x.set([1, -2, 3, -4]);
    onHeap.neg(heap.addressOf(x), heap.addressOf(x), 4);
    expect(Array.from(x)).toEqual([-1, 2, -3, 4]);
  });

  it('is null, not a throw, for bytes the runtime does not compile', () => {
    const broken = new HeapKernelModule<VectorExports>(VECTOR_WASM.slice(0, 64));
    expect(broken.module()).toBeNull();
    expect(broken.on(createTensorHeap({ initialPages: 1 }))).toBeNull();
    expect(broken.onBackendHeap()).toBeNull();
  });

  it('follows the backend heap: the kernels on it while WASM kernels are on, null in the js mode', () => {
    const kernels = new HeapKernelModule<VectorExports>(VECTOR_WASM);
    const on = kernels.onBackendHeap();
    expect(on?.heap).toBe(tensorHeap());
    expect(kernels.onBackendHeap()).toBe(on);
    setCpuKernelMode('js');
    expect(kernels.onBackendHeap()).toBeNull();
    setCpuKernelMode('auto');
    expect(kernels.onBackendHeap()?.kernels).toBe(on?.kernels);
  });
});
