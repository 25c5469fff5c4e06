import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualSeed } from '@flint/core';
import { GradientAccumulationScheduler, LambdaCallback, Trainer } from '../src/index.js';
import { loaders, Mlp } from './fixtures.js';

const options = () => ({ accelerator: 'cpu', defaultRootDir: mkdtempSync(join(tmpdir(), 'flint-gas-')), enableProgressBar: false, enableModelSummary: false, logger: false, enableCheckpointing: false, numSanityValSteps: 0, seed: 1 }) as const;
const fresh = (): Mlp => (manualSeed(0), new Mlp());
const flat = (m: Mlp): number[] => m.parameters().flatMap((p) => Array.from(p.dataSync()));

describe('GradientAccumulationScheduler', () => {
  it('{ 0: 4, 1: 2 }: 8 batches make 2 steps in epoch 0 and 4 in epoch 1; epoch 0 trains exactly as accumulateGradBatches 4', async () => {
    const steps: number[] = [];
    const afterEpoch0: number[][] = [];
    const model = fresh();
    const record = new LambdaCallback({
      onTrainEpochEnd: (view) => {
        steps.push(view.globalStep);
        if (view.currentEpoch === 0) afterEpoch0.push(flat(model));
      },
    });
    const sched = new GradientAccumulationScheduler({ 0: 4, 1: 2 });
    await new Trainer({ ...options(), maxEpochs: 3, limitTrainBatches: 8, callbacks: [sched, record] }).fit(model, loaders({ shuffle: false }).train);
    expect(steps).toEqual([2, 6, 10]);
    const plain = fresh();
    await new Trainer({ ...options(), maxEpochs: 1, limitTrainBatches: 8, accumulateGradBatches: 4 }).fit(plain, loaders({ shuffle: false }).train);
    expect(afterEpoch0[0]).toEqual(flat(plain));
  });

  it('rejects bad schedules and a trainer that already accumulates', async () => {
    expect(() => new GradientAccumulationScheduler({})).toThrow('GradientAccumulationScheduler: scheduling is empty');
    expect(() => new GradientAccumulationScheduler({ 1: 0 })).toThrow('GradientAccumulationScheduler: the factor for epoch 1 must be a positive integer, got 0');
    expect(new GradientAccumulationScheduler({ 2: 4, 5: 2 }).factorAt(1)).toBe(1);
    const t = new Trainer({ ...options(), maxEpochs: 1, accumulateGradBatches: 2, callbacks: [new GradientAccumulationScheduler({ 0: 4 })] });
    await expect(t.fit(fresh(), loaders().train)).rejects.toThrow("GradientAccumulationScheduler: set the trainer's accumulateGradBatches to 1 (got 2); the schedule decides");
  });
});
