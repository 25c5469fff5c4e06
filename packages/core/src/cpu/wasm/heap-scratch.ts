import { tensorHeap, tensorHeapInstance } from './tensor-heap.js';

/**
 * A float32 scratch buffer of at least `size` elements: `current` when it is large enough,
 * else a new zero-filled one, in the tensor heap while the WASM kernels are on (so the GEMM
 * packs from it in place instead of copying it in) and on the JS heap otherwise. A replaced
 * heap buffer is given back.
 */
export function growScratch32(current: Float32Array, size: number): Float32Array {
  if (current.length >= size) return current;
  tensorHeapInstance()?.give(current);
  const fresh = tensorHeap()?.take('float32', size);
  return fresh instanceof Float32Array ? fresh : new Float32Array(size);
}
