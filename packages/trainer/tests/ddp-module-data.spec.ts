import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualSeed } from '@flint/core';
import { Trainer } from '../src/index.js';
import { DataMlp, RANKS, moduleDataOptions, paramsOf } from './fixtures/module-data-case.js';
import { readRankResults, runUserScript } from './fixtures/run-user-script.js';

interface RankResult {
  params: number[];
  globalStep: number;
  valLoss: number;
  ranks: { global: number; local: number; node: number; world: number; zero: boolean };
  moduleSaw: { trainerWorld: number; global: number; local: number };
  rankZeroOnly: string;
  calls: string[];
}

describe("new Trainer({ strategy: 'ddp', devices: 4 }).fit(model), data from the module", () => {
  it('trains 4 process ranks on trainDataloader() to the one-device weights on the global batch (1e-5)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'flint-ddp-module-data-'));
    const { code, output } = await runUserScript(new URL('./fixtures/ddp-module-data-main.ts', import.meta.url).pathname, [out]);
    expect(code, output).toBe(0);
    const ranks = readRankResults<RankResult>(out, RANKS);
    for (const r of ranks.slice(1)) expect(r.params).toEqual(ranks[0].params);
    // Ranks on the trainer and inside the module; rankZeroOnly and this.print on rank 0 alone.
    ranks.forEach((r, i) => {
      expect(r.ranks).toEqual({ global: i, local: i, node: 0, world: RANKS, zero: i === 0 });
      expect(r.moduleSaw).toEqual({ trainerWorld: RANKS, global: i, local: i });
      expect(r.rankZeroOnly).toBe(i === 0 ? 'ran' : 'skipped');
      // prepareData once per machine (local rank 0, awaited), setup on every rank.
      expect(r.calls).toEqual(i === 0 ? ['prepareData', 'setup:fit'] : ['setup:fit']);
    });
    expect(output.match(/printed once by rank \d/g)).toEqual(['printed once by rank 0']);

    manualSeed(0);
    const single = new DataMlp(1);
    const trainer = new Trainer({ ...moduleDataOptions(mkdtempSync(join(tmpdir(), 'flint-single-'))), strategy: 'single' });
    await trainer.fit(single);
    const ref = paramsOf(single);
    expect(ranks[0].params).toHaveLength(ref.length);
    for (let i = 0; i < ref.length; i++) expect(Math.abs(ranks[0].params[i] - ref[i])).toBeLessThanOrEqual(1e-5);
    // 64 samples, global batch 16, 2 epochs; validation ran from valDataloader() on every rank.
    for (const r of ranks) expect(r.globalStep).toBe(8);
    // (each rank's own shard mean: val_loss is logged without syncDist)
    for (const r of ranks) expect(Number.isFinite(r.valLoss)).toBe(true);
    expect(Number.isFinite(trainer.callbackMetrics['val_loss'])).toBe(true);
  }, 120_000);

  it('no data anywhere: one MisconfigurationError, before any other rank is started', async () => {
    const { code, output } = await runUserScript(new URL('./fixtures/ddp-no-data-main.ts', import.meta.url).pathname, []);
    expect(code).toBe(1);
    const hits = output.match(/MisconfigurationError: Trainer\.fit needs data: pass a loader to fit\(model, loader\), a LightningDataModule with trainDataloader\(\), or define trainDataloader\(\) on Mlp/g) ?? [];
    expect(hits, output).toHaveLength(1);
    expect(output).not.toMatch(/rank \d/);
  }, 60_000);
});
