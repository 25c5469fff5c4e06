import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, LaunchError } from '../src/index.js';
import { trainSingle } from './fixtures/mlp-train.js';

const fixture = (f: string): string => new URL(`./fixtures/${f}`, import.meta.url).pathname;
const TS_NODE = [process.execPath, '--import', 'tsx', '--conditions=@flint/source'];

describe("DdpStrategy with launcher: 'thread' (devices: 2 in one process)", () => {
  it('runs the script again on a worker thread as rank 1; both train like one device, identically', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flint-threads-'));
    const out = execFileSync(TS_NODE[0], [...TS_NODE.slice(1), fixture('strategy-threads.ts')], { env: { ...process.env, RESULT_DIR: dir }, timeout: 90_000 }).toString();
    expect(out).toContain('rank 0 done');
    const [a, b] = [0, 1].map((r) => JSON.parse(readFileSync(join(dir, `rank-${r}.json`), 'utf8')) as { params: number[]; isMainThread: boolean });
    expect([a.isMainThread, b.isMainThread]).toEqual([true, false]);
    expect(a.params).toEqual(b.params);
    const single = trainSingle();
    for (let i = 0; i < single.length; i++) expect(Math.abs(a.params[i] - single[i])).toBeLessThanOrEqual(1e-5 * Math.max(1e-3, Math.abs(single[i])));
  }, 120_000);
});

describe('launch restarts', () => {
  it('maxRestarts: a failed attempt ends every rank, then all restart with TORCHELASTIC_RESTART_COUNT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flint-restart-'));
    const restarts: string[] = [];
    await launch({
      nprocPerNode: 2,
      script: fixture('flaky-rank.ts'),
      command: TS_NODE,
      env: { RESULT_DIR: dir },
      maxRestarts: 1,
      onRestart: (n, cause) => restarts.push(`${n}: ${cause.message}`),
    });
    expect(restarts).toEqual(['1: launch: rank 1 failed (exit code 3); the other ranks were stopped']);
    expect(readdirSync(dir).sort()).toEqual(['rank-0-attempt-1', 'rank-1-attempt-1']);
    const err = await launch({ nprocPerNode: 2, script: fixture('flaky-rank.ts'), command: TS_NODE, env: { RESULT_DIR: dir }, maxRestarts: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LaunchError);
    expect((err as LaunchError).rank).toBe(1);
    expect((err as LaunchError).exitCode).toBe(3);
  }, 120_000);

});
