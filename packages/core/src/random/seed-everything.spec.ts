import { describe, expect, it } from 'vitest';
import { defaultGenerator } from './generator.js';
import { GLOBAL_SEED_ENV, SEED_WORKERS_ENV, globalSeed, seedEverything, workerSeed } from './seed-everything.js';
import { rand } from './random-ops.js';

describe('seedEverything', () => {
  it('seeds the default generator, records the seed and exports it to the environment', async () => {
    expect(seedEverything(1234, { workers: true })).toBe(1234);
    expect(defaultGenerator.getState()).toEqual({ seed: 1234, offset: 0 });
    expect(globalSeed()).toEqual({ seed: 1234, workers: true });
    expect(process.env[GLOBAL_SEED_ENV]).toBe('1234');
    expect(process.env[SEED_WORKERS_ENV]).toBe('1');
    const a = await rand([5]).toArray();
    seedEverything(1234);
    expect(await rand([5]).toArray()).toEqual(a);
    expect(globalSeed()).toEqual({ seed: 1234, workers: false });
  });

  it('takes FLINT_GLOBAL_SEED when no seed is given, else a fresh one', () => {
    process.env[GLOBAL_SEED_ENV] = '77';
    expect(seedEverything()).toBe(77);
    process.env[GLOBAL_SEED_ENV] = 'abc';
    expect(() => seedEverything()).toThrow('seedEverything: FLINT_GLOBAL_SEED=abc is not an integer seed');
    delete process.env[GLOBAL_SEED_ENV];
    const s = seedEverything();
    expect(defaultGenerator.initialSeed()).toBe(s);
  });

  it('derives worker seeds as PyTorch does: base seed + worker id', () => {
    expect(workerSeed(1000, 0)).toBe(1000);
    expect(workerSeed(1000, 3)).toBe(1003);
    expect(() => workerSeed(1000, -1)).toThrow(RangeError);
  });
});
