import { describe, it, expect } from 'vitest';
import { freePort, spawn } from '../src/index.js';
import type { OverlapResult } from './fixtures/overlap-rank.js';

const fixture = (f: string): string => new URL(`./fixtures/${f}`, import.meta.url).pathname;

describe('gradient all-reduce on the communication thread overlaps backward', () => {
  for (const backend of ['shm', 'tcp'] as const) {
    it(`${backend}: bucket 0 (the last layer) is averaged before backward of the big first layer returns`, async () => {
      const results = (await spawn(fixture('overlap-rank.ts'), 'overlapRank', { nprocs: 2, args: [backend, await freePort()], timeoutMs: 30_000 })) as OverlapResult[];
      for (const r of results) {
        expect(r.bucketNames[0]).toEqual(['module.2.bias', 'module.2.weight']);
        expect(r.timings.map((t) => t.bucket)).toEqual(r.bucketNames.map((_, i) => i));
        const first = r.timings[0];
        // Recorded by the communication thread (bucket 0) and the compute thread (backward).
        expect(first.launchedAt).toBeGreaterThanOrEqual(r.backwardStartedAt);
        expect(first.reducedAt).toBeLessThan(r.backwardReturnedAt);
        // The first layer's bucket can only go once its gradient exists, near the end of backward.
        expect(r.timings[r.timings.length - 1].reducedAt).toBeGreaterThan(first.reducedAt);
      }
    }, 60_000);
  }
});
