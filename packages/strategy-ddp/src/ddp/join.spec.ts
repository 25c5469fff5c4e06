import { describe, it, expect } from 'vitest';
import { Linear, SGD, Sequential, fromValues, manualSeed, mseLoss, mul, randn, type Collective } from '@flint/core';
import { createProcessGroup } from '../init-process-group.js';
import { createShmSegment } from '../shm/shm-segment.js';
import { DistributedDataParallel } from './distributed-data-parallel.js';

const B = 4;
const makeModel = (): Sequential => {
  manualSeed(3);
  return new Sequential(new Linear(3, 2));
};
/** Rank r's batch s: the same numbers wherever they are made. */
function data(r: number, s: number): { x: Float32Array; y: Float32Array } {
  manualSeed(100 * r + s);
  return { x: randn([B, 3]).dataSync() as Float32Array, y: randn([B, 2]).dataSync() as Float32Array };
}
const flat = (m: Sequential): number[] => m.parameters().flatMap((p) => Array.from(p.dataSync()));

async function shmGroups(w: number): Promise<Collective[]> {
  const shm = createShmSegment(w, { timeoutMs: 10_000 });
  return Promise.all(Array.from({ length: w }, (_, rank) => createProcessGroup({ backend: 'shm', shm, rank })));
}

describe('DistributedDataParallel.join (uneven inputs)', () => {
  it('ranks with 3 and 5 batches finish together, in sync, with PyTorch-join gradients', async () => {
    const counts = [3, 5];
    const gs = await shmGroups(2);
    const finals = await Promise.all(
      gs.map(async (g) => {
        const m = makeModel();
        const ddp = await DistributedDataParallel.create(m, { processGroup: g });
        const opt = new SGD(m.parameters(), { lr: 0.1 });
        let steps = 0;
        await ddp.join(async () => {
          for (let s = 0; s < counts[g.rank]; s++) {
            const { x, y } = data(g.rank, s);
            opt.zeroGrad();
            mseLoss(ddp.call(fromValues(x, [B, 3])), fromValues(y, [B, 2])).backward();
            await ddp.finishGradSync();
            opt.step();
            steps++;
          }
        });
        return { params: flat(m), steps };
      }),
    );
    expect(finals.map((f) => f.steps)).toEqual(counts);
    expect(finals[0].params).toEqual(finals[1].params);

    // One device: both ranks' losses averaged while both run, then rank 1's alone divided by
    // the initial world size (the joined rank contributes zeros).
    const m = makeModel();
    const opt = new SGD(m.parameters(), { lr: 0.1 });
    for (let s = 0; s < 5; s++) {
      opt.zeroGrad();
      const loss = (r: number) => {
        const { x, y } = data(r, s);
        return mseLoss(m.call(fromValues(x, [B, 3])), fromValues(y, [B, 2]));
      };
      const total = s < 3 ? mul(loss(0).add(loss(1)), 0.5) : mul(loss(1), 0.5);
      total.backward();
      opt.step();
    }
    const want = flat(m);
    for (let i = 0; i < want.length; i++) expect(Math.abs(finals[0].params[i] - want[i])).toBeLessThan(1e-5);
    await Promise.all(gs.map((g) => g.destroy()));
  });

  it('ranks that all finish at once leave join without a step, and a rank with no batches at all is fine', async () => {
    const gs = await shmGroups(3);
    const counts = [0, 2, 2];
    const params = await Promise.all(
      gs.map(async (g) => {
        const m = makeModel();
        const ddp = await DistributedDataParallel.create(m, { processGroup: g });
        const opt = new SGD(m.parameters(), { lr: 0.1 });
        await ddp.join(async () => {
          for (let s = 0; s < counts[g.rank]; s++) {
            const { x, y } = data(g.rank, s);
            opt.zeroGrad();
            mseLoss(ddp.call(fromValues(x, [B, 3])), fromValues(y, [B, 2])).backward();
            await ddp.finishGradSync();
            opt.step();
          }
        });
        // The group is still usable, in step, afterwards.
        await g.barrier().wait();
        return flat(m);
      }),
    );
    expect(params[0]).toEqual(params[2]);
    expect(params[1]).toEqual(params[2]);
    expect(params[0]).not.toEqual(flat(makeModel()));
    await Promise.all(gs.map((g) => g.destroy()));
  });
});
