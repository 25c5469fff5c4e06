import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualSeed } from '@flint/core';
import { Trainer } from '../src/index.js';
import { GAN_RANKS, TinyGan, ganOptions, ganParams } from './fixtures/manual-gan-case.js';
import { readRankResults, runUserScript } from './fixtures/run-user-script.js';

describe('manual optimization', () => {
  it('the Trainer leaves the schedulers to the module (each StepLR stepped once per epoch by the module, not per step or epoch again)', async () => {
    manualSeed(0);
    const m = new TinyGan(1);
    const t = new Trainer(ganOptions());
    await t.fit(m);
    expect(t.globalStep).toBe(8); // 4 batches x 2 epochs, counted per training batch
    expect(m.lrs).toEqual([
      [0.05, 0.025],
      [0.025, 0.0125],
    ]);
  });

  it("a GAN-style two-optimizer step under strategy 'ddp' (2 process ranks) equals one device on the global batch", async () => {
    const out = mkdtempSync(join(tmpdir(), 'flint-ddp-manual-'));
    const { code, output } = await runUserScript(new URL('./fixtures/ddp-manual-main.ts', import.meta.url).pathname, [out]);
    expect(code, output).toBe(0);
    const [r0, r1] = readRankResults<{ params: number[]; lrs: number[][]; globalStep: number }>(out, GAN_RANKS);
    expect(r1.params).toEqual(r0.params);
    manualSeed(0);
    const single = new TinyGan(1);
    await new Trainer(ganOptions()).fit(single);
    const ref = ganParams(single);
    expect(r0.params).toHaveLength(ref.length);
    for (let i = 0; i < ref.length; i++) expect(Math.abs(r0.params[i] - ref[i])).toBeLessThanOrEqual(1e-5);
    expect(r0.lrs).toEqual(single.lrs);
    expect(r0.globalStep).toBe(8);
  }, 120_000);
});
