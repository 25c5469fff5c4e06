import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, spawn } from '../src/index.js';
import { lenetSingle } from './fixtures/syncbn-train.js';

const fixture = new URL('./fixtures/syncbn-train.ts', import.meta.url);
const TS_NODE = [process.execPath, '--import', 'tsx', '--conditions=@flint/source'];

function expectClose(got: readonly number[], want: readonly number[], what: string): void {
  expect(got.length, what).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i])));
  expect(worst, `${what}: worst relative difference`).toBeLessThan(1e-5);
}

describe('LeNet+BatchNorm with SyncBatchNorm under DDP, 20 steps', () => {
  for (const nprocs of [2, 4]) {
    it(`LeNet+BatchNorm over ${nprocs} thread ranks trains like one device on the global batch, in lockstep`, async () => {
      const ranks = (await spawn(fixture, 'lenetRank', { nprocs, timeoutMs: 60_000 })) as { params: number[]; hashes: string[] }[];
      for (const r of ranks) expect(r.hashes).toEqual(ranks[0].hashes);
      expectClose(ranks[0].params, lenetSingle(), 'LeNet parameters after 20 steps');
    }, 120_000);
  }

  it('LeNet+BatchNorm over 2 tcp processes (launch) trains like one device, in lockstep', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flint-syncbn-'));
    await launch({ nprocPerNode: 2, script: fileURLToPath(new URL('./fixtures/syncbn-tcp-rank.ts', import.meta.url)), command: TS_NODE, env: { RESULT_DIR: dir } });
    const ranks = [0, 1].map((r) => JSON.parse(readFileSync(join(dir, `rank-${r}.json`), 'utf8')) as { params: number[]; hashes: string[] });
    expect(ranks[1].hashes).toEqual(ranks[0].hashes);
    expectClose(ranks[0].params, lenetSingle(), 'LeNet parameters after 20 steps over tcp');
  }, 120_000);

});
