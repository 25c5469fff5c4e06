import { describe, expect, it } from 'vitest';
import { HostBufferPool } from './host-buffer-pool.js';

describe('HostBufferPool', () => {
  it('reuses a freed large array of the same dtype and size, zero-filled', () => {
    const pool = new HostBufferPool(1024, 1 << 20);
    const a = pool.take('float32', 1000);
    a.fill(7);
    pool.give(a);
    expect(pool.idleBytes).toBe(4000);
    const b = pool.take('float32', 1000);
    expect(b).toBe(a);
    expect(b.every((v) => v === 0)).toBe(true);
    expect(pool.idleBytes).toBe(0);
    // Another dtype or size gets a fresh array.
    expect(pool.take('int32', 1000)).not.toBe(a);
  });

  it('hands a reused array back uncleared when the caller overwrites every element', () => {
    const pool = new HostBufferPool(1024, 1 << 20);
    const a = pool.take('float32', 1000);
    a.fill(7);
    pool.give(a);
    const b = pool.take('float32', 1000, false);
    expect(b).toBe(a);
    expect(b[999]).toBe(7);
    // A fresh array is zero either way.
    expect(pool.take('float32', 1000, false).every((v) => v === 0)).toBe(true);
  });

  it('leaves small arrays, arrays it did not allocate and a second give alone, and caps idle bytes', () => {
    const pool = new HostBufferPool(1024, 8000);
    const small = pool.take('float32', 10);
    pool.give(small);
    pool.give(new Float32Array(1000));
    expect(pool.idleBytes).toBe(0);
    const [a, b, c] = [pool.take('float32', 1000), pool.take('float32', 1000), pool.take('float32', 1000)];
    pool.give(a);
    pool.give(a);
    pool.give(b);
    pool.give(c);
    expect(pool.idleBytes).toBe(8000);
    const x = pool.take('float32', 1000);
    const y = pool.take('float32', 1000);
    expect(x).not.toBe(y);
    expect([a, b]).toContain(x);
    expect([a, b]).toContain(y);
  });
});
