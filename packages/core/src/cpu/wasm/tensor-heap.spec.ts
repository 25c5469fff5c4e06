import { afterAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import type { CpuData } from '../cpu-data.js';
import { setCpuKernelMode } from './cpu-kernel-mode.js';
import { createTensorHeap, isTensorHeapMemory, tensorHeap, type TensorHeap } from './tensor-heap.js';
import { vectorKernelsOn } from './vector-wasm.js';

const PAGE = 65536;

/** `take` that fails the test instead of returning null. */
function take(heap: TensorHeap, size: number): Float32Array {
  const values = heap.take('float32', size);
  if (!(values instanceof Float32Array)) throw new Error(`heap could not hold ${size} floats`);
  return values;
}

afterAll(() => setCpuKernelMode('auto'));

describe('TensorHeap', () => {
  it('hands out 64-byte aligned views of its shared memory, each dtype, zero-filled', () => {
    const heap = createTensorHeap({ initialPages: 1, maximumPages: 64 });
    expect(heap.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    const f = heap.take('float32', 5);
    const d = heap.take('float64', 3);
    const i = heap.take('int32', 7);
    const b = heap.take('bool', 9);
    expect(f).toBeInstanceOf(Float32Array);
    expect(d).toBeInstanceOf(Float64Array);
    expect(i).toBeInstanceOf(Int32Array);
    expect(b).toBeInstanceOf(Uint8Array);
    const addresses = [f, d, i, b].map((v) => (v ? heap.addressOf(v) : -1));
    for (const at of addresses) expect(at % 64).toBe(0);
    expect(new Set(addresses).size).toBe(4);
    expect(f && [...f]).toEqual([0, 0, 0, 0, 0]);
    expect(heap.addressOf(new Float32Array(4))).toBe(-1);
    expect(heap.addressOf(new Float32Array(new SharedArrayBuffer(16)))).toBe(-1);
  });

  it('reuses a given-back block, zero-filled again unless asked for stale values', () => {
    const heap = createTensorHeap({ initialPages: 1, maximumPages: 64 });
    const a = heap.take('float32', 100) as Float32Array;
    a.fill(7);
    const at = heap.addressOf(a);
    heap.give(a);
    const stale = heap.take('float32', 100, false) as Float32Array;
    expect(heap.addressOf(stale)).toBe(at);
    expect(stale[99]).toBe(7);
    heap.give(stale);
    const zeroed = heap.take('float32', 100) as Float32Array;
    expect(heap.addressOf(zeroed)).toBe(at);
    expect(zeroed.every((v) => v === 0)).toBe(true);
  });

  it('coalesces neighbours: two freed blocks serve one allocation of their joint size', () => {
    const heap = createTensorHeap({ initialPages: 1, maximumPages: 64 });
    const a = take(heap, 16);
    const b = take(heap, 16);
    heap.take('float32', 16);
    heap.give(b);
    heap.give(a);
    expect(heap.usage().freeBlocks).toBe(1);
    expect(heap.addressOf(take(heap, 32))).toBe(heap.addressOf(a));
  });

  it('ignores a second give, a subarray and a foreign array', () => {
    const heap = createTensorHeap({ initialPages: 1, maximumPages: 64 });
    const a = take(heap, 64);
    heap.give(a.subarray(0, 8));
    heap.give(new Float32Array(64));
    expect(heap.usage().liveBlocks).toBe(1);
    heap.give(a);
    heap.give(a);
    expect(heap.usage()).toMatchObject({ liveBlocks: 0, liveBytes: 0, freeBlocks: 0 });
  });

  it('grows its memory on demand; views taken before the grow still see and write the same memory', () => {
    const heap = createTensorHeap({ initialPages: 1, maximumPages: 64 });
    const before = heap.take('float32', 1000) as Float32Array;
    before.fill(3);
    const big = heap.take('float32', 200_000) as Float32Array;
    expect(heap.memory.buffer.byteLength).toBeGreaterThanOrEqual(800_000 + 4000);
    expect(before.buffer).not.toBe(heap.memory.buffer);
    expect(before[999]).toBe(3);
    before[5] = 11;
    const now = new Float32Array(heap.memory.buffer, heap.addressOf(before), 1000);
    expect(now[5]).toBe(11);
    expect(heap.addressOf(big)).toBeGreaterThan(heap.addressOf(before));
    expect(big.every((v) => v === 0)).toBe(true);
    // A kernel instantiated before the grow works on memory past the old end.
    const kernels = vectorKernelsOn(heap);
    if (!kernels) throw new Error('no WebAssembly SIMD');
    big.fill(-2);
    kernels.relu(heap.addressOf(big), heap.addressOf(big), big.length);
    expect(big[199_999]).toBe(0);
  });

  it('returns null when full, and the CPU backend then falls back to a JS array', () => {
    const heap = createTensorHeap({ initialPages: 1, maximumPages: 4 });
    expect(heap.take('float32', 4 * PAGE)).toBeNull();
    const cpu = new CpuBackend(() => heap);
    const inHeap = cpu.allocate('float32', PAGE / 2) as CpuData;
    const fallback = cpu.allocate('float32', PAGE) as CpuData;
    expect(heap.addressOf(inHeap.values)).toBeGreaterThanOrEqual(0);
    expect(heap.addressOf(fallback.values)).toBe(-1);
    expect(fallback.values.length).toBe(PAGE);
    cpu.dispose(inHeap);
    cpu.dispose(fallback);
    expect(heap.usage().liveBytes).toBe(0);
    expect(cpu.memory()).toEqual({ buffers: 0, bytes: 0 });
  });

  it('stops growing at its growth limit, below the declared maximum', () => {
    const heap = createTensorHeap({ initialPages: 1, maximumPages: 64, growthLimitPages: 3 });
    expect(heap.take('float32', PAGE)).toBeNull();
    expect(take(heap, PAGE / 2).length).toBe(PAGE / 2);
    expect(heap.usage().memoryBytes).toBeLessThanOrEqual(3 * PAGE);
  });

  it('the CPU backend keeps small arrays and adopted memory out of the heap, and gives heap arrays back on dispose', () => {
    const heap = createTensorHeap({ initialPages: 1, maximumPages: 64 });
    const cpu = new CpuBackend(() => heap);
    const small = cpu.allocate('float32', 4) as CpuData;
    const uploaded = cpu.upload(Float32Array.from({ length: 300 }, (_, i) => i)) as CpuData;
    expect(heap.addressOf(small.values)).toBe(-1);
    expect(heap.addressOf(uploaded.values)).toBeGreaterThanOrEqual(0);
    expect(uploaded.values[299]).toBe(299);
    // A view of heap memory adopted as a tensor is never given to the heap by that tensor.
    const adopted = cpu.adopt(uploaded.values) as CpuData;
    cpu.dispose(adopted);
    expect(heap.usage().liveBlocks).toBe(1);
    expect(cpu.readSync(uploaded).buffer).toBeInstanceOf(ArrayBuffer);
    cpu.dispose(uploaded);
    cpu.dispose(small);
    expect(heap.usage().liveBlocks).toBe(0);
  });

  it('instantiates a module once per heap', () => {
    const heap = createTensorHeap({ initialPages: 1, maximumPages: 64 });
    expect(vectorKernelsOn(heap)).toBe(vectorKernelsOn(heap));
  });

  it('says which arrays are heap memory (a SharedArrayBuffer that is not a stable shared tensor)', () => {
    const cpu = new CpuBackend();
    const big = cpu.allocate('float32', 1000) as CpuData;
    expect(big.values.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(isTensorHeapMemory(big.values)).toBe(true);
    expect(isTensorHeapMemory(big.values.subarray(10))).toBe(true);
    expect(isTensorHeapMemory(new Float32Array(new SharedArrayBuffer(64)))).toBe(false);
    expect(isTensorHeapMemory(new Float32Array(1000))).toBe(false);
    cpu.dispose(big);
  });

  it('is off in the js kernel mode', () => {
    expect(tensorHeap()).not.toBeNull();
    setCpuKernelMode('js');
    expect(tensorHeap()).toBeNull();
    setCpuKernelMode('auto');
    expect(tensorHeap()).not.toBeNull();
  });
});
