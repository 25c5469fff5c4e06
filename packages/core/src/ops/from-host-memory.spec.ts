import { describe, it, expect } from 'vitest';
import { fromHostMemory } from './from-host-memory.js';
import { ShapeError } from '../tensor/errors.js';
import { zeros } from './creation.js';

describe('fromHostMemory', () => {
  it('views the caller memory without a copy, both ways, keeping its dtype', async () => {
    const values = new Float32Array(new SharedArrayBuffer(6 * 4));
    values.set([1, 2, 3, 4, 5, 6]);
    const t = fromHostMemory(values, [2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.shape).toEqual([2, 3]);
    values[4] = 50;
    expect(Array.from(await t.data())).toEqual([1, 2, 3, 4, 50, 6]);
    t.copy_(7);
    expect(Array.from(values)).toEqual([7, 7, 7, 7, 7, 7]);
    expect(fromHostMemory(new Int32Array(3), [3]).dtype).toBe('int32');
  });

  it('never hands adopted memory to a later tensor after dispose', () => {
    const values = new Float32Array(1 << 20).fill(3);
    fromHostMemory(values, [1 << 20]).dispose();
    const fresh = zeros([1 << 20]);
    fresh.copy_(1);
    expect(values[0]).toBe(3);
  });

  it('rejects a shape the values do not fill, naming both', () => {
    expect(() => fromHostMemory(new Float32Array(5), [2, 3])).toThrow(ShapeError);
    expect(() => fromHostMemory(new Float32Array(5), [2, 3])).toThrow('fromHostMemory: 5 values do not fill shape [2,3] (6 elements)');
  });
});
