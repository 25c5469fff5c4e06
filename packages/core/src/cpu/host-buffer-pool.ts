import type { DType, TypedArray } from '../tensor/dtype.js';
import { allocArray, bytesPerElement } from '../tensor/dtype.js';

/**
 * Freed large arrays of the CPU backend kept for reuse by dtype and length. A fresh
 * multi-megabyte TypedArray costs a page fault per 4 KiB on first touch (measured 7.9 ms for
 * 16 MiB on this machine, more than the elementwise op that fills it); a reused one costs a
 * `fill(0)` (0.6 ms). Only arrays the pool allocated come back to it, so memory adopted from a
 * caller is never handed out again.
 */
export class HostBufferPool {
  private readonly free = new Map<string, TypedArray[]>();
  private readonly owned = new WeakMap<TypedArray, DType>();
  private pooledBytes = 0;

  constructor(
    /** Arrays smaller than this are left to the garbage collector. */
    private readonly minBytes = 256 * 1024,
    /** Most bytes kept idle; arrays freed beyond it are dropped. */
    private readonly maxBytes = 256 * 1024 * 1024,
  ) {}

  /**
   * An array of `size` elements, zero-filled unless `zeroed` is false: then a reused array keeps
   * stale values, for a caller that overwrites every element (it saves one pass over memory).
   */
  take(dtype: DType, size: number, zeroed = true): TypedArray {
    if (size * bytesPerElement(dtype) < this.minBytes) return allocArray(dtype, size);
    const reused = this.free.get(`${dtype}:${size}`)?.pop();
    if (reused) {
      this.pooledBytes -= reused.byteLength;
      this.owned.set(reused, dtype);
      if (zeroed) reused.fill(0);
      return reused;
    }
    const fresh = allocArray(dtype, size);
    this.owned.set(fresh, dtype);
    return fresh;
  }

  /** Gives back an array no tensor uses any more (ignored unless this pool allocated it). */
  give(values: TypedArray): void {
    const dtype = this.owned.get(values);
    if (dtype === undefined || this.pooledBytes + values.byteLength > this.maxBytes) return;
    // Out of `owned` while idle: a second give of the same array is ignored.
    this.owned.delete(values);
    const key = `${dtype}:${values.length}`;
    const list = this.free.get(key);
    if (list) list.push(values);
    else this.free.set(key, [values]);
    this.pooledBytes += values.byteLength;
  }

  /** Bytes held idle for reuse. */
  get idleBytes(): number {
    return this.pooledBytes;
  }
}
