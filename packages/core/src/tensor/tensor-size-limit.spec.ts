import { describe, expect, it } from 'vitest';
import { add, ones, rand, randn, zeros } from '../index.js';
import { ShapeError } from './errors.js';

describe('a tensor too large to exist is a ShapeError naming its size', () => {
  it('zeros([1e9, 1e9]) names the op, the shape and the element count', () => {
    expect(() => zeros([1e9, 1e9])).toThrow(ShapeError);
    expect(() => zeros([1e9, 1e9])).toThrow('zeros: shape [1000000000,1000000000] has 1.000e+18 elements, more than the 4294967296 (2^32) one tensor can hold');
  });

  it('ones, rand and randn refuse it the same way', () => {
    expect(() => ones([2 ** 20, 2 ** 13])).toThrow(/^ones: shape .* has 8\.590e\+9 elements/);
    expect(() => rand([1e6, 1e6])).toThrow(/^rand: shape/);
    expect(() => randn([1e6, 1e6])).toThrow(/^randn: shape/);
  });

  it('a broadcast whose output is too big is a ShapeError, not a RangeError', () => {
    const a = zeros([1e5, 1]);
    const b = zeros([1, 1e5]);
    expect(() => add(a, b)).toThrow(ShapeError);
    expect(() => add(a, b)).toThrow(/a cpu float32 buffer has 1\.000e\+10 elements/);
    a.dispose();
    b.dispose();
  });
});
