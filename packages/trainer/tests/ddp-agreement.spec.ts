import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRankResults, runUserScript } from './fixtures/run-user-script.js';

const script = new URL('./fixtures/ddp-agreement-main.ts', import.meta.url).pathname;

/** Runs the script as a user would (one node process; the ddp strategy starts rank 1) and reads both ranks' results. */
async function run(mode: string): Promise<Record<string, unknown>[]> {
  const out = mkdtempSync(join(tmpdir(), `flint-ddp-${mode}-`));
  const { code, output } = await runUserScript(script, [out, mode]);
  expect(code, output).toBe(0);
  return readRankResults<Record<string, unknown>>(out);
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
