import { describe, expect, it } from 'vitest';
import { mulhi32, philoxBlock, philoxFill, seedToKey } from './philox.js';

const hex = (words: Uint32Array): string[] => [...words].map((w) => w.toString(16).padStart(8, '0'));

function block(c: number[], k: number[]): string[] {
  const out = new Uint32Array(4);
  philoxBlock(c[0], c[1], c[2], c[3], k[0], k[1], out);
  return hex(out);
}

describe('philox4x32_10', () => {
  it('matches the Random123 known-answer vectors', () => {
    expect(block([0, 0, 0, 0], [0, 0])).toEqual(['6627e8d5', 'e169c58d', 'bc57ac4c', '9b00dbd8']);
    const ones = 0xffffffff;
    expect(block([ones, ones, ones, ones], [ones, ones])).toEqual(['408f276d', '41c83b0e', 'a20bc7c6', '6d5451fd']);
    expect(block([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0])).toEqual([
      'd16cfe09', '94fdcceb', '5001e420', '24126ea1',
    ]);
  });

  it('computes the exact high half of a 32x32 product', () => {
    const cases = [[0, 0], [1, 1], [0xffffffff, 0xffffffff], [0xd2511f53, 0x12345678], [0xcd9e8d57, 0xfedcba98], [0x10000, 0x10000]];
    let x = 12345;
    for (let i = 0; i < 200; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const y = (Math.imul(x, 69069) + 1) >>> 0;
      cases.push([x, y]);
    }
    for (const [a, b] of cases) {
      const want = Number((BigInt(a) * BigInt(b)) >> 32n);
      expect(mulhi32(a, b)).toBe(want);
    }
  });

  it('splits a 64-bit seed into (low, high) key words, negatives as two\'s complement', () => {
    expect(seedToKey(0)).toEqual([0, 0]);
    expect(seedToKey(2 ** 32 + 5)).toEqual([5, 1]);
    expect(seedToKey(67280421310721)).toEqual([67280421310721 % 2 ** 32, Math.floor(67280421310721 / 2 ** 32)]);
    expect(seedToKey(-1)).toEqual([0xffffffff, 0xffffffff]);
  });

  it('maps (seed, offset) to words as the header says: word w = word w%4 of block offset + w/4', () => {
    const seed = 2 ** 40 + 7;
    const [k0, k1] = seedToKey(seed);
    const words = new Uint32Array(10);
    philoxFill(seed, 3, words);
    const ref = new Uint32Array(4);
    for (let w = 0; w < 10; w++) {
      const c = 3 + Math.floor(w / 4);
      philoxBlock(c, 0, 0, 0, k0, k1, ref);
      expect(words[w]).toBe(ref[w % 4]);
    }
    // An offset past 2^32 carries into the second counter word.
    const far = new Uint32Array(4);
    philoxFill(seed, 2 ** 32 + 1, far);
    philoxBlock(1, 1, 0, 0, k0, k1, ref);
    expect([...far]).toEqual([...ref]);
  });
});
