import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataLoader, getRngState, manualSeed, SGD, type Tensor } from '@flint/core';
import { LrFindResult, searchBatchSize, Tuner, type BatchSource, type OptimizerConfig } from '../src/index.js';
import { loaders, Mlp, teacherData, type Batch } from './fixtures.js';

const options = () => ({ accelerator: 'cpu', defaultRootDir: mkdtempSync(join(tmpdir(), 'flint-tuner-')) }) as const;
const flat = (m: Mlp): number[] => m.parameters().flatMap((p) => Array.from(p.dataSync()));

/** Throws the WebGPU backend's out-of-memory error for batches over `max` rows. */
class MemoryBound extends Mlp {
  constructor(private readonly max: number) {
    super();
  }
  override trainingStep(batch: Batch): Tensor {
    if (batch[0].shape[0] > this.max) throw Object.assign(new Error(`MatMul [${batch[0].shape[0]},8]: cannot allocate 1073741824 bytes on webgpu:0: out of memory`), { name: 'GpuMemoryError' });
    return super.trainingStep(batch);
  }
}

const loaderFor = (n: number) => (batchSize: number): BatchSource => new DataLoader(teacherData(n, 8, 3, 1), { batchSize }) as unknown as BatchSource;

describe('Tuner.lrFind', () => {
  it('runs the exponential range test, stops when the loss diverges, writes the curve as CSV, and restores weights and RNG', async () => {
    manualSeed(3);
    const model = new Mlp();
    const before = flat(model);
    const rng = getRngState();
    const csvPath = join(mkdtempSync(join(tmpdir(), 'flint-lr-')), 'lr_find.csv');
    const res = await new Tuner(options()).lrFind(model, loaders().train, { minLr: 1e-4, maxLr: 100, numTraining: 60, csvPath });
    expect(flat(model)).toEqual(before);
    expect(getRngState()).toEqual(rng);
    // lr_i = 1e-4 * 1e6 ** (i / 59): a constant ratio between neighbours.
    expect(res.lrs[0]).toBeCloseTo(1e-4, 12);
    for (let i = 1; i < res.lrs.length; i++) expect(res.lrs[i] / res.lrs[i - 1]).toBeCloseTo(1e6 ** (1 / 59), 9);
    // SGD at lr 100 diverges long before step 60.
    expect(res.lrs.length).toBeLessThan(60);
    expect(res.lrs.length).toBeGreaterThan(20);
    const s = res.suggestion()!;
    expect(s).toBeGreaterThan(1e-4);
    expect(s).toBeLessThan(res.lrs.at(-1)!);
    const csv = readFileSync(csvPath, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('lr,loss');
    expect(csv.slice(1).map((l) => l.split(',').map(Number))).toEqual(res.lrs.map((lr, i) => [lr, res.losses[i]]));
  });

  it("puts back an optimizer the module keeps: its learning rate and (empty) momentum state", async () => {
    class KeepsOptimizer extends Mlp {
      readonly opt = new SGD(this.parameters(), { lr: 0.1, momentum: 0.9 });
      override configureOptimizers(): OptimizerConfig {
        return this.opt;
      }
    }
    const model = new KeepsOptimizer();
    await new Tuner(options()).lrFind(model, loaders().train, { numTraining: 10 });
    expect(model.opt.paramGroups[0].lr).toBe(0.1);
    expect(model.opt.stateDict().state).toEqual({});
  });

  it('suggests the lr of the steepest descent (numpy.gradient), past the skipped start', () => {
    const lrs = Array.from({ length: 20 }, (_, i) => 10 ** (i / 4 - 4));
    const losses = [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4.9, 4.5, 3.0, 2.9, 2.8, 2.8, 2.9, 3.5, 9];
    // gradients after skipping 10: at index 12 -> (3.0 - 4.9) / 2 = -0.95 is the most negative.
    expect(new LrFindResult(lrs, losses).suggestion()).toBe(lrs[12]);
    expect(new LrFindResult(lrs.slice(0, 11), losses.slice(0, 11)).suggestion()).toBeUndefined();
  });

  it('rejects a range that is not increasing', async () => {
    await expect(new Tuner(options()).lrFind(new Mlp(), loaders().train, { minLr: 1, maxLr: 0.1 })).rejects.toThrow('lrFind: needs 0 < minLr < maxLr, got minLr 1 and maxLr 0.1');
  });
});

describe('Tuner.scaleBatchSize', () => {
  it("'power' doubles to the last size that fits; 'binsearch' then bisects to the exact limit; the weights come back", async () => {
    const model = new MemoryBound(48);
    const before = flat(model);
    const tuner = new Tuner(options());
    expect(await tuner.scaleBatchSize(model, loaderFor(512), { mode: 'power', stepsPerTrial: 1 })).toBe(32);
    expect(await tuner.scaleBatchSize(model, loaderFor(512), { mode: 'binsearch', stepsPerTrial: 1 })).toBe(48);
    expect(flat(model)).toEqual(before);
  });

  it('stops at the size that holds the whole dataset; other errors end the search', async () => {
    const tuner = new Tuner(options());
    expect(await tuner.scaleBatchSize(new Mlp(), loaderFor(100), { stepsPerTrial: 1 })).toBe(128);
    class Broken extends Mlp {
      override trainingStep(): Tensor {
        throw new Error('a bug, not memory');
      }
    }
    await expect(tuner.scaleBatchSize(new Broken(), loaderFor(64), { stepsPerTrial: 1 })).rejects.toThrow('a bug, not memory');
  });

  it('searchBatchSize counts its trials and refuses a first size that does not fit', async () => {
    const tried: number[] = [];
    const fits = async (n: number) => (tried.push(n), n <= 300);
    expect(await searchBatchSize(fits, { mode: 'binsearch', initValue: 3, maxTrials: 20 })).toBe(300);
    expect(tried).toEqual([3, 6, 12, 24, 48, 96, 192, 384, 288, 336, 312, 300, 306, 303, 301]);
    // The trial cap holds: 8 trials end in the doubling phase.
    expect(await searchBatchSize(fits, { mode: 'binsearch', initValue: 3, maxTrials: 8 })).toBe(192);
    await expect(searchBatchSize(async () => false, {})).rejects.toThrow('scaleBatchSize: even batch size 2 ran out of memory');
  });
});
