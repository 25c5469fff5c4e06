import { describe, it, expect } from 'vitest';
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, LaunchError, spawn, SpawnError } from '../src/index.js';
import { trainSingle } from './fixtures/mlp-train.js';

const fixture = (f: string): string => new URL(`./fixtures/${f}`, import.meta.url).pathname;
const TS_NODE = [process.execPath, '--import', 'tsx', '--conditions=@flint/source'];

describe('spawn (worker-thread ranks over shm)', () => {
  it('2 thread ranks train the MLP to the single-device parameters, identically', async () => {
    const [a, b] = (await spawn(fixture('spawn-ranks.ts'), 'trainRank', { nprocs: 2, timeoutMs: 20_000 })) as number[][];
    expect(a).toEqual(b);
    const single = trainSingle();
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - single[i])).toBeLessThanOrEqual(1e-5 * Math.max(1e-3, Math.abs(single[i])));
  });

  it('a rank thread that exits fails its peers with RankFailedError within 5 s, and spawn names it', async () => {
    const t0 = Date.now();
    await expect(spawn(fixture('spawn-ranks.ts'), 'dieRank', { nprocs: 3, timeoutMs: 60_000 })).rejects.toThrow(SpawnError);
    expect(Date.now() - t0).toBeLessThan(15_000);
    const err = await spawn(fixture('spawn-ranks.ts'), 'dieRank', { nprocs: 2, timeoutMs: 60_000 }).catch((e: SpawnError) => e);
    expect((err as SpawnError).rank).toBe(1);
    expect((err as SpawnError).message).toMatch(/rank 1 failed: thread exited with code 3/);
  });
});

describe('launch (process ranks over tcp)', () => {
  it('a SIGKILLed rank of 4: survivors fail within 30 s naming it, launch names it, no orphans', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flint-ddp-'));
    const t0 = Date.now();
    const err = await launch({
      nprocPerNode: 4,
      script: fixture('tcp-rank.ts'),
      command: TS_NODE,
      env: { KILL_RANK: '2', RESULT_DIR: dir },
      killGraceMs: 40_000,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LaunchError);
    expect((err as LaunchError).rank).toBe(2);
    expect((err as LaunchError).signal).toBe('SIGKILL');
    // Survivors detect the failure on their own and exit.
    const deadline = Date.now() + 40_000;
    while (![0, 1, 3].every((r) => existsSync(join(dir, `rank-${r}.json`))) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    for (const r of [0, 1, 3]) {
      const res = JSON.parse(readFileSync(join(dir, `rank-${r}.json`), 'utf8')) as { name: string; message: string; failedRank: number; ms: number };
      expect(res.name).toBe('RankFailedError');
      expect(res.failedRank).toBe(2);
      expect(res.message).toMatch(/^allReduce #\d+: rank 2 failed/);
      expect(res.ms).toBeLessThan(30_000);
    }
    expect(Date.now() - t0).toBeLessThan(60_000);
    await new Promise((r) => setTimeout(r, 5000));
    const ps = execSync('ps -eo args').toString();
    expect(ps.includes(fixture('tcp-rank.ts'))).toBe(false);
  }, 120_000);
});
