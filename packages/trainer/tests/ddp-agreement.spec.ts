import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = new URL('../../../', import.meta.url).pathname;
const script = new URL('./fixtures/ddp-agreement-main.ts', import.meta.url).pathname;

/** Runs the script as a user would (one node process; the ddp strategy starts rank 1) and reads both ranks' results. */
async function run(mode: string): Promise<Record<string, unknown>[]> {
  const out = mkdtempSync(join(tmpdir(), `flint-ddp-${mode}-`));
  const env: NodeJS.ProcessEnv = { ...process.env, TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.base.json') };
  for (const k of ['RANK', 'WORLD_SIZE', 'LOCAL_RANK', 'MASTER_PORT']) delete env[k];
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@flint/source', script, out, mode], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code, output).toBe(0);
  return [0, 1].map((r) => JSON.parse(readFileSync(join(out, `rank-${r}.json`), 'utf8')) as Record<string, unknown>);
}

describe("Trainer({ strategy: 'ddp', devices: 2 }): ranks never disagree silently", () => {
  it('EarlyStopping on a metric that differs per rank stops both ranks at the same step; syncDist averages over ranks', async () => {
    const [r0, r1] = await run('early-stop');
    // Rank 0's metric worsens from its second validation: it asks to stop after epoch 1, rank 1 follows.
    for (const r of [r0, r1]) {
      expect(r['epoch']).toBe(2); // Lightning's count after a stop at the end of epoch 1
      expect(r['globalStep']).toBe(2 * 4);
      expect(r['stopReason']).toMatch(/^Monitored metric rank_metric did not improve in the last 1 records/);
    }
    const [m0, m1] = [r0, r1].map((r) => r['metrics'] as Record<string, number>);
    expect(m0['synced']).toBe(1.5);
    expect(m1['synced']).toBe(1.5);
    expect(m0['rank_metric']).toBe(2);
    expect(m1['rank_metric']).toBe(-2);
  }, 90_000);

  it('an IterableDataset with uneven shards (3 vs 5 batches) fails both ranks at once naming the ranks and counts, never a hang', async () => {
    const ranks = await run('uneven');
    for (const r of ranks) {
      const e = r['error'] as { name: string; message: string };
      expect(e.name).toBe('UnevenBatchesError');
      expect(e.message).toMatch(/^training epoch 0: ranks have different numbers of batches: rank\(s\) 0 ran out after 3 batch\(es\), rank\(s\) 1 have more \(at least 4\)/);
      expect(r['ms']).toBeLessThan(30_000);
    }
  }, 90_000);
});
