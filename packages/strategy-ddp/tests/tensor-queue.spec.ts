import { describe, it, expect } from 'vitest';
import { fromValues } from '@flint/core';
import { shareMemory, spawn, TensorQueue } from '../src/index.js';

const fixture = (f: string): string => new URL(`./fixtures/${f}`, import.meta.url).pathname;

describe('TensorQueue between worker threads (torch.multiprocessing.Queue)', () => {
  it('rank threads started after the puts take one tensor each and write into the sender memory', async () => {
    const name = `main-to-ranks-${process.pid}`;
    const q = new TensorQueue(name);
    const xs = [10, 20].map((v) => shareMemory(fromValues(new Float32Array(1000).fill(v), [10, 100])));
    for (const x of xs) q.put(x);
    const firsts = (await spawn(fixture('queue-ranks.ts'), 'doubleFromQueue', { nprocs: 2, args: [name], timeoutMs: 20_000 })) as number[];
    expect([...firsts].sort((a, b) => a - b)).toEqual([20, 40]);
    for (const [i, x] of xs.entries()) {
      const v = await x.data();
      expect(v.every((e) => e === 2 * (i + 1) * 10)).toBe(true);
    }
    q.close();
  });

  it('a tensor put by one rank and written by another is seen by the first after a barrier: no copy', async () => {
    const [r0, r1] = (await spawn(fixture('queue-ranks.ts'), 'workerToWorker', { nprocs: 2, args: [`rank-to-rank-${process.pid}`], timeoutMs: 20_000 })) as number[][];
    expect(r0).toEqual([5, 5, 5]);
    expect(r1).toEqual([]);
  });
});
