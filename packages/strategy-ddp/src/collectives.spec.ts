import { describe, it, expect } from 'vitest';
import { fromValues, type Collective, type ReduceOp } from '@flint/core';
import { createProcessGroup } from './init-process-group.js';
import { createShmSegment, markRankFailed } from './shm/shm-segment.js';
import { freePort } from './launch/free-port.js';
import { CollectiveMismatchError, CollectiveTimeoutError, RankFailedError } from './errors.js';

type Make = (w: number) => Promise<Collective[]>;

/** All ranks of a group in this one thread: shm waits and TCP sockets are both asynchronous. */
const transports: Record<string, Make> = {
  shm: async (w) => {
    const seg = createShmSegment(w, { segmentElements: 1000, timeoutMs: 10_000 });
    return Promise.all(Array.from({ length: w }, (_, rank) => createProcessGroup({ backend: 'shm', shm: seg, rank })));
  },
  tcp: async (w) => {
    const port = await freePort();
    return Promise.all(
      Array.from({ length: w }, (_, rank) =>
        createProcessGroup({ backend: 'tcp', initMethod: `tcp://127.0.0.1:${port}`, rank, worldSize: w, timeoutMs: 10_000 }),
      ),
    );
  },
};

/** Rank r's input: distinct per rank and element, exact in float32. */
function input(rank: number, n: number, int: boolean): Float32Array | Int32Array {
  const a = int ? new Int32Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = ((i * 7 + rank * 13) % 101) - 50 + (int ? 0 : 0.25 * rank);
  return a;
}

function expected(w: number, n: number, int: boolean, op: ReduceOp): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const vs = Array.from({ length: w }, (_, r) => input(r, n, int)[i]);
    const s = vs.reduce((a, b) => a + b, 0);
    out.push(op === 'sum' ? s : op === 'avg' ? (int ? Math.trunc(s / w) | 0 : s / w) : op === 'max' ? Math.max(...vs) : Math.min(...vs));
  }
  return out;
}

const close = (gs: Collective[]): Promise<void[]> => Promise.all(gs.map((g) => g.destroy()));

for (const [kind, make] of Object.entries(transports)) {
  describe(`${kind} collectives`, () => {
    for (const w of [2, 4]) {
      it(`allReduce sum/avg/max/min on ${w} ranks, float32 and int32, odd sizes`, async () => {
        const gs = await make(w);
        for (const dtype of ['float32', 'int32'] as const) {
          for (const n of [1, 7, 2503]) {
            for (const op of ['sum', 'avg', 'max', 'min'] as const) {
              const ts = gs.map((_, r) => fromValues(input(r, n, dtype === 'int32'), [n], { dtype }));
              await Promise.all(gs.map((g, r) => g.allReduce(ts[r], op).wait()));
              const want = expected(w, n, dtype === 'int32', op);
              for (const t of ts) expect(Array.from(await t.data())).toEqual(want.map((v) => Math.fround(v)));
            }
          }
        }
        await close(gs);
      });

      it(`broadcast, allGather, reduceScatter and barrier on ${w} ranks`, async () => {
        const gs = await make(w);
        const n = 1001;
        const ts = gs.map((_, r) => fromValues(input(r, n, false), [n]));
        await Promise.all(gs.map((g, r) => g.broadcast(ts[r], w - 1).wait()));
        for (const t of ts) expect(Array.from(await t.data())).toEqual(Array.from(input(w - 1, n, false)));

        const gathered = await Promise.all(gs.map((g, r) => g.allGather(fromValues(input(r, 3, true), [3], { dtype: 'int32' })).wait()));
        for (const parts of gathered) {
          expect(parts.length).toBe(w);
          for (let r = 0; r < w; r++) expect(Array.from(await parts[r].data())).toEqual(Array.from(input(r, 3, true)));
        }

        const per = 5;
        const outs = gs.map(() => fromValues(new Float32Array(per), [per]));
        await Promise.all(gs.map((g, r) => g.reduceScatter(outs[r], fromValues(input(r, per * w, false), [w, per]).reshape(per * w), 'sum').wait()));
        const full = expected(w, per * w, false, 'sum');
        for (let r = 0; r < w; r++) expect(Array.from(await outs[r].data())).toEqual(full.slice(r * per, (r + 1) * per));

        await Promise.all(gs.map((g) => g.barrier().wait()));
        await close(gs);
      });
    }

    it('allReduce of 1M float32 elements on 2 ranks', async () => {
      const gs = await make(2);
      const n = 1 << 20;
      const ts = gs.map((_, r) => fromValues(input(r, n, false), [n]));
      await Promise.all(gs.map((g, r) => g.allReduce(ts[r]).wait()));
      const a = input(0, n, false);
      const b = input(1, n, false);
      for (const t of ts) {
        const v = await t.data();
        for (let i = 0; i < n; i += 997) expect(v[i]).toBe(Math.fround(a[i] + b[i]));
        expect(v[n - 1]).toBe(Math.fround(a[n - 1] + b[n - 1]));
      }
      await close(gs);
    });

    it('allReduce of 100 MB (25M float32) on 2 ranks', async () => {
      const gs = await make(2);
      const n = 25 * 1024 * 1024;
      const ts = gs.map((_, r) => {
        const a = new Float32Array(n);
        for (let i = 0; i < n; i++) a[i] = (i % 1009) + r * 0.5;
        return fromValues(a, [n]);
      });
      await Promise.all(gs.map((g, r) => g.allReduce(ts[r], 'avg').wait()));
      for (const t of ts) {
        const v = await t.data();
        for (let i = 0; i < n; i += 100_003) expect(v[i]).toBe(Math.fround(((i % 1009) * 2 + 0.5) / 2));
        expect(v[n - 1]).toBe(Math.fround((((n - 1) % 1009) * 2 + 0.5) / 2));
      }
      await close(gs);
    }, 60_000);

    it('mismatched lengths between ranks fail every rank, never a wrong sum', async () => {
      const gs = await make(2);
      const res = await Promise.allSettled(gs.map((g, r) => g.allReduce(fromValues(new Float32Array(r === 0 ? 4 : 6), [r === 0 ? 4 : 6])).wait()));
      for (const r of res) {
        expect(r.status).toBe('rejected');
      }
      expect(res.some((r) => r.status === 'rejected' && r.reason instanceof CollectiveMismatchError)).toBe(true);
      await Promise.allSettled(gs.map((g) => g.destroy()));
    });
  });
}

describe('shm timeouts', () => {
  it('a rank that never arrives fails the others with CollectiveTimeoutError naming it', async () => {
    const seg = createShmSegment(3, { segmentElements: 16, timeoutMs: 300 });
    const gs = await Promise.all([0, 1, 2].map((rank) => createProcessGroup({ backend: 'shm', shm: seg, rank })));
    const t0 = Date.now();
    const res = await Promise.allSettled([gs[0].barrier().wait(), gs[1].barrier().wait()]);
    expect(Date.now() - t0).toBeLessThan(3000);
    for (const r of res) {
      expect(r.status).toBe('rejected');
      const e = (r as PromiseRejectedResult).reason as CollectiveTimeoutError;
      expect(e).toBeInstanceOf(CollectiveTimeoutError);
      expect(e.missingRanks).toEqual([2]);
      expect(e.message).toMatch(/barrier #1: timed out after 300 ms waiting for rank\(s\) 2/);
    }
  });
});

describe('tcp timeouts', () => {
  it('a hung rank of 4 fails every other rank with CollectiveTimeoutError naming it, not a ring neighbour', async () => {
    const port = await freePort();
    const gs = await Promise.all(
      [0, 1, 2, 3].map((rank) => createProcessGroup({ backend: 'tcp', initMethod: `tcp://127.0.0.1:${port}`, rank, worldSize: 4, timeoutMs: 400 })),
    );
    await Promise.all(gs.map((g) => g.allReduce(fromValues(new Float32Array(8), [8])).wait()));
    const t0 = Date.now();
    // Rank 1 "sleeps past timeoutMs": it never calls the second all-reduce.
    const res = await Promise.allSettled([0, 2, 3].map((r) => gs[r].allReduce(fromValues(new Float32Array(8), [8])).wait()));
    expect(Date.now() - t0).toBeLessThan(5000);
    for (const r of res) {
      const e = (r as PromiseRejectedResult).reason as CollectiveTimeoutError;
      expect(e).toBeInstanceOf(CollectiveTimeoutError);
      expect(e.missingRanks).toEqual([1]);
      expect(e.message).toMatch(/allReduce #2: timed out after 400 ms waiting for rank\(s\) 1$/);
    }
    await Promise.allSettled(gs.map((g) => g.destroy()));
  });
});

describe('shm failed rank', () => {
  it('peers waiting in an allReduce reject with RankFailedError naming a rank whose thread exited', async () => {
    const seg = createShmSegment(3, { segmentElements: 16, timeoutMs: 60_000 });
    const gs = await Promise.all([0, 1, 2].map((rank) => createProcessGroup({ backend: 'shm', shm: seg, rank })));
    setTimeout(() => markRankFailed(seg, 2), 100);
    const t0 = Date.now();
    const res = await Promise.allSettled([0, 1].map((r) => gs[r].allReduce(fromValues(new Float32Array(40), [40])).wait()));
    expect(Date.now() - t0).toBeLessThan(5000);
    for (const r of res) {
      const e = (r as PromiseRejectedResult).reason as RankFailedError;
      expect(e).toBeInstanceOf(RankFailedError);
      expect(e.failedRank).toBe(2);
      expect(e.message).toBe('allReduce #1: rank 2 failed (its worker thread exited)');
    }
  });
});
