import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Trainer } from '../src/index.js';
import { EVAL_RANKS, EVAL_SAMPLES, evalCase } from './fixtures/ddp-eval-case.js';
import { readRankResults, runUserScript } from './fixtures/run-user-script.js';

describe('DDP evaluation counts every sample once', () => {
  it('1003 samples on 4 ranks: the syncDist val_loss is the one-device mean, the summed count is 1003', async () => {
    const out = mkdtempSync(join(tmpdir(), 'flint-ddp-eval-'));
    const { code, output } = await runUserScript(new URL('./fixtures/ddp-eval-main.ts', import.meta.url).pathname, [out]);
    expect(code, output).toBe(0);
    const ranks = readRankResults<{ metrics: Record<string, number>; seen: number }>(out, EVAL_RANKS);
    // Unrepeated shards: 251, 251, 251, 250 samples (a DistributedSampler would give 251 each, one repeated).
    expect(ranks.map((r) => r.seen)).toEqual([251, 251, 251, 250]);
    const { model, loader, options } = evalCase();
    const [one] = await new Trainer({ ...options, strategy: 'single' }).validate(model, loader);
    expect(model.seen).toBe(EVAL_SAMPLES);
    for (const r of ranks) {
      expect(r.metrics['samples']).toBe(EVAL_SAMPLES);
      expect(Math.abs(r.metrics['val_loss'] - one['val_loss'])).toBeLessThanOrEqual(1e-6);
    }
  }, 120_000);
});
