import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Trainer } from '../src/index.js';
import { GLOBAL_BATCH, N, flatParams, makeModel, singleLoaders } from './fixtures/ddp-case.js';
import { ACCUMULATE, accumulateOptions } from './fixtures/ddp-accumulate-case.js';
import { readRankResults, runUserScript } from './fixtures/run-user-script.js';

interface RankResult {
  params: number[];
  grads: number[][];
  globalStep: number;
}

const script = new URL('./fixtures/ddp-accumulate-main.ts', import.meta.url).pathname;

describe("Trainer({ strategy: 'ddp', accumulateGradBatches: 2 })", () => {
  it('all-reduces only on the last micro-batch of each window (Lightning\'s block_backward_sync) and trains to the single-device weights', async () => {
    const out = mkdtempSync(join(tmpdir(), 'flint-ddp-acc-'));
    const { code, output } = await runUserScript(script, [out]);
    expect(code, output).toBe(0);
    const [r0, r1] = readRankResults<RankResult>(out);

    const microBatches = 2 * (N / GLOBAL_BATCH);
    expect(r0.grads).toHaveLength(microBatches);
    expect(r0.globalStep).toBe(microBatches / ACCUMULATE);
    for (let i = 0; i < microBatches; i++) {
      const synced = (i + 1) % ACCUMULATE === 0;
      // Within a window each rank's gradients are its own shard's; at the window's end, the average.
      if (synced) expect(r1.grads[i], `micro-batch ${i}: averaged on every rank`).toEqual(r0.grads[i]);
      else expect(r1.grads[i], `micro-batch ${i}: local, not all-reduced`).not.toEqual(r0.grads[i]);
    }
    expect(r1.params).toEqual(r0.params);

    const single = new Trainer({ ...accumulateOptions(mkdtempSync(join(tmpdir(), 'flint-acc-single-'))), strategy: 'single' });
    const model = makeModel(0);
    const { train, val } = singleLoaders();
    await single.fit(model, train, val);
    const ref = flatParams(model);
    expect(r0.params).toHaveLength(ref.length);
    for (let i = 0; i < ref.length; i++) expect(Math.abs(r0.params[i] - ref[i])).toBeLessThanOrEqual(1e-5);
  }, 60_000);
});
