import { describe, it, expect } from 'vitest';
import { BatchNorm1d, BatchNorm2d, Linear, Sequential, fromValues } from '@flint/core';
import { SyncBatchNorm, convertSyncBatchnorm, createProcessGroup, createShmSegment, spawn, freePort } from '../src/index.js';
import { bnStepSingle, type BnStep } from './fixtures/syncbn-train.js';

const fixture = new URL('./fixtures/syncbn-train.ts', import.meta.url);

function expectClose(got: readonly number[], want: readonly number[], what: string): void {
  expect(got.length, what).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i])));
  expect(worst, `${what}: worst relative difference`).toBeLessThan(1e-5);
}

describe('SyncBatchNorm', () => {
  it('on 2 ranks x batch 4 gives one device on batch 8: outputs, gradients, running statistics', async () => {
    const single = bnStepSingle();
    const ranks = (await spawn(fixture, 'bnStepRank', { nprocs: 2, timeoutMs: 30_000 })) as BnStep[];
    expectClose([...ranks[0].out, ...ranks[1].out], single.out, 'outputs');
    for (const r of ranks) {
      expectClose(r.grads, single.grads, 'gradients');
      expectClose(r.running, single.running, 'running statistics');
    }
  }, 60_000);

  it('convertSyncBatchnorm swaps every BatchNorm in place, sharing its tensors and keeping keys', () => {
    const bn = new BatchNorm1d(3, { momentum: 0.3 });
    const m = new Sequential(new Linear(2, 3), bn, new Sequential(new BatchNorm2d(3)));
    const keys = Object.keys(m.stateDict());
    const out = convertSyncBatchnorm(m.eval());
    expect(out).toBe(m);
    expect(m.at(1)).toBeInstanceOf(SyncBatchNorm);
    expect((m.at(2) as Sequential).at(0)).toBeInstanceOf(SyncBatchNorm);
    expect((m.at(1) as SyncBatchNorm).weight).toBe(bn.weight);
    expect((m.at(1) as SyncBatchNorm).momentum).toBe(0.3);
    expect(m.at(1).training).toBe(false);
    expect(Object.keys(m.stateDict())).toEqual(keys);
    expect(convertSyncBatchnorm(new BatchNorm2d(2))).toBeInstanceOf(SyncBatchNorm);
  });

  it('without a process group, or in eval mode, is BatchNorm', () => {
    const x = fromValues(Float32Array.from({ length: 12 }, (_, i) => i * i), [4, 3]);
    const bn = new BatchNorm1d(3);
    const sync = new SyncBatchNorm(3);
    expect(Array.from(sync.call(x).dataSync())).toEqual(Array.from(bn.call(x).dataSync()));
    expect(Array.from(sync.running_var?.dataSync() ?? [])).toEqual(Array.from(bn.running_var?.dataSync() ?? [0]));
    bn.eval();
    sync.eval();
    expect(Array.from(sync.call(x).dataSync())).toEqual(Array.from(bn.call(x).dataSync()));
  });

  it('rejects an input whose channels differ, naming both', () => {
    expect(() => new SyncBatchNorm(3).call(fromValues(new Float32Array(8), [2, 4]))).toThrow(/SyncBatchNorm 3: input \[2, 4\] is not \[N, 3, \.\.\.\]/);
  });

  it('on a tcp group without enableBlocking says what to do instead of hanging', async () => {
    const port = await freePort();
    const gs = await Promise.all([0, 1].map((rank) => createProcessGroup({ backend: 'tcp', initMethod: `tcp://127.0.0.1:${port}`, rank, worldSize: 2, timeoutMs: 10_000 })));
    const sync = new SyncBatchNorm(2, { processGroup: gs[0] });
    expect(() => sync.call(fromValues(new Float32Array(8), [4, 2]))).toThrow(/allReduceBlocking #1: blocking collectives are not enabled on this process group; await group.enableBlocking\(\)/);
    await Promise.all(gs.map((g) => g.destroy()));
  });

  it('ranks sharing one thread time out naming the missing rank, never hang', async () => {
    const shm = createShmSegment(2, { timeoutMs: 300 });
    const [g0] = await Promise.all([0, 1].map((rank) => createProcessGroup({ backend: 'shm', shm, rank })));
    const sync = new SyncBatchNorm(2, { processGroup: g0 });
    expect(() => sync.call(fromValues(new Float32Array(8), [4, 2]))).toThrow(/allReduceBlocking #1: timed out after 300 ms waiting for rank\(s\) 1/);
  });
});
