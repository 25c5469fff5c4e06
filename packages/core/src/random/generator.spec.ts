import { describe, expect, it } from 'vitest';
import { DEFAULT_SEED, Generator, defaultGenerator, getRngState, initialSeed, manualSeed, setRngState } from './generator.js';
import { philoxFill } from './philox.js';

describe('Generator', () => {
  it('gives bit-identical words for one seed and different words for another', () => {
    const a = new Generator(42).nextUint32(1000);
    const b = new Generator(42).nextUint32(1000);
    const c = new Generator(43).nextUint32(1000);
    expect([...a]).toEqual([...b]);
    let same = 0;
    for (let i = 0; i < 1000; i++) if (a[i] === c[i]) same++;
    expect(same).toBeLessThan(3);
  });

  it('starts every draw on a fresh 128-bit block and counts blocks in its offset', () => {
    const g = new Generator(7);
    g.nextUint32(5);
    expect(g.offset).toBe(2);
    const next = g.nextUint32(4);
    const ref = new Uint32Array(12);
    philoxFill(7, 0, ref);
    expect([...next]).toEqual([...ref.subarray(8, 12)]);
    expect(g.advance(9)).toBe(3);
    expect(g.offset).toBe(6);
  });

  it('resumes the exact stream from getState/setState, and the state survives JSON', () => {
    const g = new Generator(123);
    g.nextUint32(17);
    const state = JSON.parse(JSON.stringify(g.getState()));
    expect(state).toEqual({ seed: 123, offset: 5 });
    const want = g.nextUint32(50);
    const h = new Generator();
    h.setState(state);
    expect([...h.nextUint32(50)]).toEqual([...want]);
    expect(() => h.setState({ seed: 1, offset: -1 })).toThrow('setState: offset must be a non-negative integer, got -1');
  });

  it('manualSeed rewinds; seed() picks a fresh recorded seed; bad seeds are refused', () => {
    const g = new Generator(5);
    const first = g.nextUint32(8);
    g.manualSeed(5);
    expect(g.offset).toBe(0);
    expect([...g.nextUint32(8)]).toEqual([...first]);
    const s = g.seed();
    expect(Number.isSafeInteger(s)).toBe(true);
    expect(g.initialSeed()).toBe(s);
    expect(() => g.manualSeed(1.5)).toThrow('manualSeed: seed must be a safe integer, got 1.5');
  });

  it('has a default generator seeded like PyTorch, driven by manualSeed/getRngState/setRngState', () => {
    expect(initialSeed()).toBe(DEFAULT_SEED);
    expect(manualSeed(99)).toBe(defaultGenerator);
    expect(initialSeed()).toBe(99);
    const state = getRngState();
    const a = defaultGenerator.nextUint32(6);
    setRngState(state);
    expect([...defaultGenerator.nextUint32(6)]).toEqual([...a]);
  });

  it('draws 53-bit seeds for deriving other streams', () => {
    const g = new Generator(1);
    const s = g.randomSeed();
    expect(Number.isSafeInteger(s) && s >= 0).toBe(true);
    expect(g.randomSeed()).not.toBe(s);
  });
});
