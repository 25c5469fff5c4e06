import { describe, expect, it } from 'vitest';
import { BufferPool } from './buffer-pool.js';

describe('BufferPool.sizeClass', () => {
  it('rounds up to 256 bytes, then to quarter steps of the power of two below', () => {
    expect(BufferPool.sizeClass(4)).toBe(256);
    expect(BufferPool.sizeClass(256)).toBe(256);
    expect(BufferPool.sizeClass(257)).toBe(320);
    expect(BufferPool.sizeClass(1000)).toBe(1024);
    expect(BufferPool.sizeClass(1025)).toBe(1280);
    expect(BufferPool.sizeClass(3 * 2 ** 20)).toBe(3 * 2 ** 20);
  });

  it('never leaves more than 25 % slack above 256 bytes', () => {
    for (let b = 257; b < 1 << 20; b += 997) {
      const c = BufferPool.sizeClass(b);
      expect(c).toBeGreaterThanOrEqual(b);
      expect(c / b).toBeLessThanOrEqual(1.25);
    }
  });
});
