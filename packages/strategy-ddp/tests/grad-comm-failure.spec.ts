import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Linear, mseLoss, ones } from '@flint/core';
import { CollectiveMismatchError, DistributedDataParallel, createProcessGroup, createShmSegment, freePort, launch, LaunchError, spawn, SpawnError } from '../src/index.js';
import type { FailureResult } from './fixtures/overlap-rank.js';

const fixture = (f: string): string => new URL(`./fixtures/${f}`, import.meta.url).pathname;
const TS_NODE = [process.execPath, '--import', 'tsx', '--conditions=@flint/source'];

describe('a peer that dies or hangs while gradient buckets are in flight', () => {
  const readResult = async (dir: string, rank: number): Promise<FailureResult> => {
    const file = join(dir, `rank-${rank}.json`);
    const deadline = Date.now() + 20_000;
    while (!existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return JSON.parse(readFileSync(file, 'utf8')) as FailureResult;
  };

  for (const backend of ['shm', 'tcp'] as const) {
    it(`${backend}: a rank thread that exits fails the other's finishGradSync with RankFailedError naming it`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'flint-grad-die-'));
      const err = await spawn(fixture('overlap-rank.ts'), 'failingRank', { nprocs: 2, args: [backend, await freePort(), 'die', dir], timeoutMs: 2000 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SpawnError);
      const r0 = await readResult(dir, 0);
      expect(r0.name).toBe('RankFailedError');
      expect(r0.failedRank).toBe(1);
      expect(r0.message).toMatch(/^gradientAllReduce #\d+: rank 1 failed/);
      expect(r0.ms).toBeLessThan(5000);
    }, 60_000);

    it(`${backend}: a rank that sleeps past the timeout fails the other with CollectiveTimeoutError naming it`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'flint-grad-hang-'));
      const [r0] = (await spawn(fixture('overlap-rank.ts'), 'failingRank', { nprocs: 2, args: [backend, await freePort(), 'hang', dir], timeoutMs: 2000 })) as FailureResult[];
      expect(r0.name).toBe('CollectiveTimeoutError');
      expect(r0.missingRanks).toEqual([1]);
      expect(r0.message).toMatch(/^gradientAllReduce #3: timed out after 2000 ms waiting for rank\(s\) 1$/);
      expect(r0.ms).toBeLessThan(8000);
    }, 60_000);
  }

  it('tcp processes: a SIGKILLed rank fails the survivors naming it, within 30 s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flint-grad-kill-'));
    const err = await launch({ nprocPerNode: 3, script: fixture('kill-rank.ts'), command: TS_NODE, env: { KILL_RANK: '1', RESULT_DIR: dir }, killGraceMs: 40_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LaunchError);
    expect((err as LaunchError).rank).toBe(1);
    for (const r of [0, 2]) {
      const res = await readResult(dir, r);
      expect(res.name).toBe('RankFailedError');
      expect(res.failedRank).toBe(1);
      expect(res.message).toMatch(/rank 1 failed/);
      expect(res.ms).toBeLessThan(30_000);
    }
  }, 120_000);
});

describe('ranks whose gradient buckets differ', () => {
  for (const debug of [false, true]) {
    it(`fail every rank with CollectiveMismatchError${debug ? ' from the debug check' : ''}, never a wrong sum`, async () => {
      const shm = createShmSegment(2, { timeoutMs: 5000 });
      const gs = await Promise.all([0, 1].map((rank) => createProcessGroup({ backend: 'shm', shm, rank, debug })));
      const errors = await Promise.all(
        gs.map(async (g) => {
          // 15 gradient values on rank 0, 12 on rank 1: one bucket each, of different lengths.
          const layer = g.rank === 0 ? new Linear(4, 3) : new Linear(2, 4);
          const ddp = new DistributedDataParallel(layer, { processGroup: g });
          mseLoss(ddp.call(ones([1, layer.inFeatures])), ones([1, layer.outFeatures])).backward();
          return ddp.finishGradSync().then(() => null, (e: unknown) => e);
        }),
      );
      for (const e of errors) {
        expect(e).toBeInstanceOf(CollectiveMismatchError);
        expect((e as Error).message).toMatch(debug ? /made different collective calls \(debug check\): rank 0: allReduce #1 float32 \[15\]; rank 1: allReduce #1 float32 \[12\]/ : /^gradientAllReduce #1: ranks disagree on the collective: .*(15 float32 elements.*12 float32 elements|12 float32 elements.*15 float32 elements)/);
      }
      await Promise.all(gs.map((g) => g.destroy()));
    });
  }
});
