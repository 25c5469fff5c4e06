import { describe, it, expect } from 'vitest';
import { fromValues } from '@flint/core';
import { createProcessGroup } from './init-process-group.js';
import { createShmSegment } from './shm/shm-segment.js';
import { freePort } from './launch/free-port.js';
import { CollectiveMismatchError } from './errors.js';
import type { ProcessGroup } from './process-group.js';

const groups: Record<string, (debug: boolean) => Promise<ProcessGroup[]>> = {
  shm: (debug) => {
    const seg = createShmSegment(2, { segmentElements: 64, timeoutMs: 5000 });
    return Promise.all([0, 1].map((rank) => createProcessGroup({ backend: 'shm', shm: seg, rank, debug })));
  },
  tcp: async (debug) => {
    const port = await freePort();
    return Promise.all(
      [0, 1].map((rank) => createProcessGroup({ backend: 'tcp', initMethod: `tcp://127.0.0.1:${port}`, rank, worldSize: 2, timeoutMs: 5000, debug })),
    );
  },
};

for (const [kind, make] of Object.entries(groups)) {
  describe(`debug mode over ${kind}: every rank checks that all make the same call`, () => {
    it('same byte length but transposed shapes: without debug a silent sum, with debug an error on every rank naming both calls', async () => {
      const loose = await make(false);
      const shapes = [[2, 3], [3, 2]];
      await Promise.all(loose.map((g, r) => g.allReduce(fromValues(new Float32Array(6).fill(1), shapes[r])).wait()));
      await Promise.all(loose.map((g) => g.destroy()));

      const strict = await make(true);
      const res = await Promise.allSettled(strict.map((g, r) => g.allReduce(fromValues(new Float32Array(6).fill(1), shapes[r])).wait()));
      for (const x of res) {
        const e = (x as PromiseRejectedResult).reason as Error;
        expect(e).toBeInstanceOf(CollectiveMismatchError);
        expect(e.message).toBe(
          'allReduce #1: ranks made different collective calls (debug check): rank 0: allReduce #1 float32 [2, 3]; rank 1: allReduce #1 float32 [3, 2]',
        );
      }
      await Promise.allSettled(strict.map((g) => g.destroy()));
    });

    it('different ops with equal sizes fail naming them; matching calls pass the check', async () => {
      const gs = await make(true);
      const t = (): ReturnType<typeof fromValues> => fromValues(new Float32Array([1, 2]), [2]);
      await Promise.all(gs.map((g) => g.allReduce(t(), 'max').wait()));
      const res = await Promise.allSettled([gs[0].allReduce(t()).wait(), gs[1].broadcast(t(), 0).wait()]);
      for (const x of res) {
        expect((x as PromiseRejectedResult).reason).toBeInstanceOf(CollectiveMismatchError);
        expect(((x as PromiseRejectedResult).reason as Error).message).toMatch(/rank 0: allReduce #2 float32 \[2\]; rank 1: broadcast #2 float32 \[2\]$/);
      }
      await Promise.allSettled(gs.map((g) => g.destroy()));
    });
  });
}
