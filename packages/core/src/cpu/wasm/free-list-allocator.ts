/**
 * Address bookkeeping for the tensor heap (`tensor-heap.ts`): a first-fit free list with
 * coalescing over one growable byte range. Every block is a multiple of {@link HEAP_ALIGN}
 * bytes and starts on such a boundary (a SIMD kernel's 16-byte loads never straddle a cache
 * line at a block start). Free blocks are kept sorted by address, so freeing merges a block
 * with both neighbours in O(log n) search plus one shift of the list, and a free block that ends at the
 * top of the used range is folded back into the unused space above it. A training loop
 * allocates the same sizes in the same order every step, so first-fit settles into the same
 * placement each step and the range stops growing after the first steps.
 */

/** Alignment and granularity of every block, in bytes. */
export const HEAP_ALIGN = 64;

/** Bytes of the block that holds `bytes` bytes. */
export const blockBytes = (bytes: number): number => Math.ceil(Math.max(bytes, 1) / HEAP_ALIGN) * HEAP_ALIGN;

export class FreeListAllocator {
  /** Start addresses of free blocks below {@link top}, ascending. */
  private readonly freeStart: number[] = [];
  /** Sizes of those blocks, in bytes (parallel to `freeStart`). */
  private readonly freeSize: number[] = [];
  /**
   * Start address to size in bytes of live blocks, 0 for an address freed since. Entries are
   * overwritten rather than deleted (a `Map` delete costs about 400 ns in V8, an overwrite 30)
   * and pruned when dead ones outnumber live ones; a training loop reuses the same addresses.
   */
  private live = new Map<number, number>();
  private liveCount = 0;
  private liveTotal = 0;
  /** End of the used range: everything from here to `limit` is free. */
  private topAddress: number;

  constructor(
    /** First address handed out (address 0 is kept out, so no block looks like a null pointer). */
    base: number,
    /** End of the range the caller can back with memory; raised by {@link extend}. */
    private limit: number,
  ) {
    this.topAddress = blockBytes(base);
  }

  /** The start of a new block of at least `bytes` bytes, or -1 when it does not fit below the limit. */
  alloc(bytes: number): number {
    const size = blockBytes(bytes);
    const starts = this.freeStart;
    const sizes = this.freeSize;
    for (let i = 0; i < starts.length; i++) {
      if (sizes[i] < size) continue;
      const at = starts[i];
      if (sizes[i] === size) {
        this.removeFree(i);
      } else {
        starts[i] = at + size;
        sizes[i] -= size;
      }
      return this.mark(at, size);
    }
    if (this.topAddress + size > this.limit) return -1;
    const at = this.topAddress;
    this.topAddress += size;
    return this.mark(at, size);
  }

  /** Bytes the range must reach for `alloc(bytes)` to succeed without a fitting free block. */
  limitNeededFor(bytes: number): number {
    return this.topAddress + blockBytes(bytes);
  }

  /** Frees the block starting at `at`; false (and nothing changes) when no live block starts there. */
  free(at: number): boolean {
    const size = this.live.get(at);
    if (!size) return false;
    this.live.set(at, 0);
    this.liveCount--;
    this.liveTotal -= size;
    const starts = this.freeStart;
    const sizes = this.freeSize;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid] < at) lo = mid + 1;
      else hi = mid;
    }
    // Merge into a neighbour in place where possible: only a block with no free neighbour is
    // inserted, and only one that joins two neighbours removes an entry.
    const prev = lo > 0 && starts[lo - 1] + sizes[lo - 1] === at;
    const next = lo < starts.length && starts[lo] === at + size;
    let block = lo;
    if (prev && next) {
      sizes[lo - 1] += size + sizes[lo];
      this.removeFree(lo);
      block = lo - 1;
    } else if (prev) {
      sizes[lo - 1] += size;
      block = lo - 1;
    } else if (next) {
      starts[lo] = at;
      sizes[lo] += size;
    } else {
      this.insertFree(lo, at, size);
    }
    // A free block reaching the top is the last one: it returns to the unused space.
    if (starts[block] + sizes[block] === this.topAddress) {
      this.topAddress = starts[block];
      starts.pop();
      sizes.pop();
    }
    return true;
  }

  // Element shifts instead of `splice`, which allocates an array of the removed elements.
  private removeFree(i: number): void {
    const starts = this.freeStart, sizes = this.freeSize;
    for (let j = i + 1; j < starts.length; j++) {
      starts[j - 1] = starts[j];
      sizes[j - 1] = sizes[j];
    }
    starts.pop();
    sizes.pop();
  }

  private insertFree(i: number, start: number, size: number): void {
    const starts = this.freeStart, sizes = this.freeSize;
    starts.push(0);
    sizes.push(0);
    for (let j = starts.length - 1; j > i; j--) {
      starts[j] = starts[j - 1];
      sizes[j] = sizes[j - 1];
    }
    starts[i] = start;
    sizes[i] = size;
  }

  /** Raises the end of the usable range (after the memory behind it grew). */
  extend(limit: number): void {
    this.limit = Math.max(this.limit, limit);
  }

  /** Size in bytes of the live block at `at`, or -1. */
  sizeAt(at: number): number {
    return this.live.get(at) || -1;
  }

  /** Bytes in live blocks. */
  get liveBytes(): number {
    return this.liveTotal;
  }

  /** Number of live blocks. */
  get liveBlocks(): number {
    return this.liveCount;
  }

  /** Number of free blocks below {@link top} (fragments). */
  get freeBlocks(): number {
    return this.freeStart.length;
  }

  /** End of the used range. */
  get top(): number {
    return this.topAddress;
  }

  private mark(at: number, size: number): number {
    if (this.live.size > 2 * this.liveCount + 1024) this.prune();
    this.live.set(at, size);
    this.liveCount++;
    this.liveTotal += size;
    return at;
  }

  /** Drops the entries of freed addresses. */
  private prune(): void {
    const kept = new Map<number, number>();
    for (const [at, size] of this.live) if (size) kept.set(at, size);
    this.live = kept;
  }
}
