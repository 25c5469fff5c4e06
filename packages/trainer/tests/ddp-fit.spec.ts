import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DistributedSampler } from '@flint/core';
import { Trainer } from '../src/index.js';
import { GLOBAL_BATCH, N, SEED, STOP_AFTER_EPOCH, flatParams, makeModel, singleLoaders, trainSet, trainerOptions } from './fixtures/ddp-case.js';
import { readRankResults, runUserScript } from './fixtures/run-user-script.js';

interface RankResult {
  worldSize: string;
  params: number[];
  losses: number[];
  firstX: number[];
  epoch: number;
  globalStep: number;
  stopReason: string | undefined;
  logDir: string;
  bestModelPath: string;
}

const script = new URL('./fixtures/ddp-fit-main.ts', import.meta.url).pathname;
const failScript = new URL('./fixtures/ddp-fail-main.ts', import.meta.url).pathname;

describe("Trainer({ strategy: 'ddp', devices: 2 })", () => {
  it('trains 2 process ranks to the single-device weights; sampler sharded per epoch; rank 0 logs, saves and decides', async () => {
    const out = mkdtempSync(join(tmpdir(), 'flint-ddp-fit-'));
    const { code, output } = await runUserScript(script, [out]);
    expect(code, output).toBe(0);
    const [r0, r1] = readRankResults<RankResult>(out);
    expect(r0.worldSize).toBe('2');

    // Ranks agree bit for bit (rank 1 started from other weights: the broadcast replaced them).
    expect(r1.params).toEqual(r0.params);

    // Same global batches on one device: same weights within 1e-5.
    const root = mkdtempSync(join(tmpdir(), 'flint-ddp-single-'));
    const single = new Trainer({ ...trainerOptions(root), strategy: 'single' });
    const model = makeModel(0);
    const { train, val } = singleLoaders();
    await single.fit(model, train, val);
    const ref = flatParams(model);
    expect(r0.params).toHaveLength(ref.length);
    for (let i = 0; i < ref.length; i++) expect(Math.abs(r0.params[i] - ref[i])).toBeLessThanOrEqual(1e-5);

    // Rank 0's stop after epoch 2 was followed by rank 1: 3 epochs of N / GLOBAL_BATCH steps.
    const steps = (STOP_AFTER_EPOCH + 1) * (N / GLOBAL_BATCH);
    for (const r of [r0, r1]) {
      expect(r.globalStep).toBe(steps);
      expect(r.losses).toHaveLength(steps);
      expect(r.stopReason).toBe('rank 0 says stop');
    }
    expect(single.globalStep).toBe(steps);

    // Each rank read its DistributedSampler shard, reshuffled every epoch (setEpoch).
    const x = trainSet().tensors[0].dataSync() as Float32Array;
    [r0, r1].forEach((r, rank) => {
      const expected: number[] = [];
      for (let epoch = 0; epoch <= STOP_AFTER_EPOCH; epoch++) {
        const s = new DistributedSampler(N, { numReplicas: 2, rank, shuffle: true, seed: SEED });
        s.setEpoch(epoch);
        const idx = s.indices();
        for (let b = 0; b < idx.length; b += GLOBAL_BATCH / 2) expected.push(x[idx[b] * 8]);
      }
      expect(r.firstX).toEqual(expected);
    });

    // Rank 0 alone wrote logs and checkpoints; rank 1 knows where they are.
    const logs = join(out, 'root', 'lightning_logs');
    expect(readdirSync(logs)).toEqual(['version_0']);
    expect(r1.logDir).toBe(r0.logDir);
    expect(r1.bestModelPath).toBe(r0.bestModelPath);
    expect(readdirSync(join(logs, 'version_0', 'checkpoints')).sort()).toEqual([r0.bestModelPath.split('/').pop(), 'last'].sort());
    expect(existsSync(join(logs, 'version_0', 'metrics.csv'))).toBe(true);
  }, 90_000);

  it('a rank that throws ends the run on every rank: its own error there, RankFailedError naming it on rank 0', async () => {
    const t0 = Date.now();
    const { code, output } = await runUserScript(failScript, [mkdtempSync(join(tmpdir(), 'flint-ddp-fail-'))]);
    expect(code, output).toBe(1);
    expect(output).toMatch(/rank 1 failed after \d+ ms: Error: rank 1 broke at step 5/);
    expect(output).toMatch(/rank 0 failed after \d+ ms: RankFailedError: \w+ #\d+: rank 1 failed/);
    expect(Date.now() - t0).toBeLessThan(60_000);
  }, 90_000);
});
