import { fromValues } from '@flint/core';
import { initProcessGroup, destroyProcessGroup, type ProcessGroup } from '@flint/strategy-ddp';

/** Iterations per size: fewer for the big ones, so a run stays within minutes on 2 cores. */
export const itersFor = (n: number): number => (n <= 1 << 20 ? 10 : n <= 10 << 20 ? 3 : 1);

/**
 * Seconds per float32 all-reduce (sum) of each size on this rank's group: one warm-up call,
 * then the mean over `itersFor(n)` calls between two barriers (so every rank's time is the
 * slowest rank's).
 */
export async function allReduceTimes(g: ProcessGroup, sizes: readonly number[]): Promise<number[]> {
  const out: number[] = [];
  for (const n of sizes) {
    const t = fromValues(new Float32Array(n).fill(1), [n]);
    await g.allReduce(t).wait();
    const iters = itersFor(n);
    await g.barrier().wait();
    const t0 = performance.now();
    for (let i = 0; i < iters; i++) await g.allReduce(t).wait();
    await g.barrier().wait();
    out.push((performance.now() - t0) / 1000 / iters);
    t.dispose();
  }
  return out;
}

/** A rank thread made by `spawn` (shm group). */
export async function shmRank(_rank: number, sizes: number[]): Promise<number[]> {
  const g = await initProcessGroup({ backend: 'shm' });
  const times = await allReduceTimes(g, sizes);
  await destroyProcessGroup();
  return times;
}
