import { describe, expect, it } from 'vitest';
import { FreeListAllocator, HEAP_ALIGN } from './free-list-allocator.js';

describe('FreeListAllocator', () => {
  it('hands out 64-byte aligned, disjoint blocks from the base up, -1 past the limit', () => {
    const heap = new FreeListAllocator(64, 1024);
    const a = heap.alloc(1);
    const b = heap.alloc(65);
    const c = heap.alloc(64);
    expect([a, b, c]).toEqual([64, 128, 256]);
    expect(heap.sizeAt(b)).toBe(128);
    expect(heap.alloc(1024)).toBe(-1);
    expect(heap.limitNeededFor(1024)).toBe(320 + 1024);
    expect(heap.liveBytes).toBe(256);
    expect(heap.liveBlocks).toBe(3);
    for (const at of [a, b, c]) expect(at % HEAP_ALIGN).toBe(0);
  });

  it('reuses a freed block first-fit and splits a larger one', () => {
    const heap = new FreeListAllocator(64, 4096);
    const a = heap.alloc(256);
    heap.alloc(64);
    heap.free(a);
    expect(heap.freeBlocks).toBe(1);
    expect(heap.alloc(64)).toBe(a);
    expect(heap.alloc(64)).toBe(a + 64);
    expect(heap.freeBlocks).toBe(1);
    expect(heap.alloc(128)).toBe(a + 128);
    expect(heap.freeBlocks).toBe(0);
  });

  it('coalesces a freed block with both neighbours and folds a free tail into the top', () => {
    const heap = new FreeListAllocator(64, 4096);
    const [a, b, c, d] = [heap.alloc(64), heap.alloc(128), heap.alloc(64), heap.alloc(64)];
    heap.free(a);
    heap.free(c);
    expect(heap.freeBlocks).toBe(2);
    heap.free(b);
    expect(heap.freeBlocks).toBe(1);
    expect(heap.alloc(256)).toBe(a);
    heap.free(a);
    heap.free(d);
    expect(heap.freeBlocks).toBe(0);
    expect(heap.top).toBe(64);
    expect(heap.liveBytes).toBe(0);
  });

  it('ignores a free of an address that is no live block, and a second free', () => {
    const heap = new FreeListAllocator(64, 4096);
    const a = heap.alloc(64);
    heap.alloc(64);
    expect(heap.free(a + 64 * 5)).toBe(false);
    expect(heap.free(a)).toBe(true);
    expect(heap.free(a)).toBe(false);
    expect(heap.freeBlocks).toBe(1);
  });

  it('keeps counting right when the entries of freed addresses are pruned', () => {
    const heap = new FreeListAllocator(64, 1 << 30);
    const blocks = Array.from({ length: 3000 }, () => heap.alloc(64));
    for (const at of blocks.slice(1)) heap.free(at);
    // Blocks 1.. now lie free above block 0; new ones of another size reuse them first-fit.
    const more = Array.from({ length: 3000 }, () => heap.alloc(128));
    expect(heap.liveBlocks).toBe(3001);
    expect(heap.liveBytes).toBe(64 + 3000 * 128);
    expect(heap.sizeAt(blocks[0])).toBe(64);
    expect(heap.sizeAt(blocks[2])).toBe(-1);
    expect(heap.free(blocks[2])).toBe(false);
    for (const at of [blocks[0], ...more]) expect(heap.free(at)).toBe(true);
    expect(heap.liveBlocks).toBe(0);
    expect(heap.top).toBe(64);
  });

  it('grows past its limit once extended', () => {
    const heap = new FreeListAllocator(64, 256);
    expect(heap.alloc(512)).toBe(-1);
    heap.extend(1024);
    expect(heap.alloc(512)).toBe(64);
  });

  it('settles into the same placement when a loop repeats the same allocations', () => {
    const heap = new FreeListAllocator(64, 1 << 30);
    const sizes = [4000, 130, 64000, 900, 4000, 12, 70000, 64];
    let topAfterFirst = 0;
    let kept = -1;
    for (let step = 0; step < 100; step++) {
      const live = sizes.map((s) => heap.alloc(s));
      // Freed in another order than allocated; one block per step outlives the step, as a new parameter value does.
      if (kept >= 0) heap.free(kept);
      kept = live[2];
      for (const i of [3, 0, 6, 5, 1, 7, 4]) heap.free(live[i]);
      if (step === 1) topAfterFirst = heap.top;
    }
    expect(heap.top).toBe(topAfterFirst);
  });
});
