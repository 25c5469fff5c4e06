import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualSeed, type Tensor } from '@flint/core';
import { EMAWeightAveraging, LambdaCallback, ModelCheckpoint, Trainer } from '../src/index.js';
import { loaders, Mlp, type Batch } from './fixtures.js';

const options = (root = mkdtempSync(join(tmpdir(), 'flint-ema-'))) => ({ accelerator: 'cpu', defaultRootDir: root, enableProgressBar: false, enableModelSummary: false, logger: false, numSanityValSteps: 0, seed: 4 }) as const;
const flat = (m: Mlp): number[] => m.parameters().flatMap((p) => Array.from(p.dataSync()));

/** Records the weights validation saw. */
class SeesValidationWeights extends Mlp {
  seen: number[][] = [];
  override validationStep(batch: Batch): Tensor {
    if (this.seenBatch++ === 0) this.seen.push(flat(this));
    return super.validationStep(batch);
  }
  seenBatch = 0;
  override onValidationEpochEnd(): void {
    this.seenBatch = 0;
  }
}

describe('EMAWeightAveraging', () => {
  it('averages the weights after every step with decay, validates on the average, restores the raw weights after, and ends on the average', async () => {
    const model = new SeesValidationWeights();
    const raw: number[][] = [];
    const rawAtValidationEnd: number[][] = [];
    const record = new LambdaCallback({
      onTrainBatchEnd: () => void raw.push(flat(model)),
      onValidationEnd: () => void rawAtValidationEnd.push(flat(model)),
    });
    const ema = new EMAWeightAveraging({ decay: 0.9 });
    const { train, val } = loaders();
    await new Trainer({ ...options(), maxEpochs: 2, limitTrainBatches: 4, callbacks: [record, ema] }).fit(model, train, val);
    // The average by hand from the recorded raw weights (float64 here, float32 in Flint).
    const expected = raw[0].slice();
    const afterEpoch: number[][] = [];
    raw.forEach((w, step) => {
      if (step > 0) for (let i = 0; i < w.length; i++) expected[i] += (w[i] - expected[i]) * 0.1;
      if (step % 4 === 3) afterEpoch.push(expected.slice());
    });
    expect(ema.nAveraged).toBe(8);
    const close = (a: number[], b: number[]) => a.forEach((x, i) => expect(Math.abs(x - b[i])).toBeLessThan(1e-5));
    expect(model.seen).toHaveLength(2);
    model.seen.forEach((w, e) => close(w, afterEpoch[e]));
    // Training went on from the raw weights, not the average.
    expect(rawAtValidationEnd[0]).toEqual(raw[3]);
    close(flat(model), afterEpoch[1]);
    expect(flat(model)).not.toEqual(raw[7]);
  });

  it('the average travels in checkpoints: stop after epoch 1, resume, and end where an uninterrupted run ends', async () => {
    // Sequential batches: the point is the average's state, not the loader's.
    const { train } = loaders({ shuffle: false });
    const fresh = (): Mlp => (manualSeed(0), new Mlp());
    const whole = fresh();
    await new Trainer({ ...options(), maxEpochs: 2, limitTrainBatches: 4, callbacks: [new EMAWeightAveraging({ decay: 0.8 })] }).fit(whole, train);

    const root = mkdtempSync(join(tmpdir(), 'flint-ema-resume-'));
    const dirpath = join(root, 'ckpt');
    const first = fresh();
    await new Trainer({ ...options(root), maxEpochs: 1, limitTrainBatches: 4, callbacks: [new EMAWeightAveraging({ decay: 0.8 }), new ModelCheckpoint({ dirpath, saveLast: true })] }).fit(first, loaders({ shuffle: false }).train);
    const resumedEma = new EMAWeightAveraging({ decay: 0.8 });
    const resumed = fresh();
    await new Trainer({ ...options(root), maxEpochs: 2, limitTrainBatches: 4, callbacks: [resumedEma] }).fit(resumed, loaders({ shuffle: false }).train, undefined, { ckptPath: join(dirpath, 'last') });
    expect(resumedEma.nAveraged).toBe(8);
    expect(flat(resumed)).toEqual(flat(whole));
  });

  it('rejects a decay outside [0, 1] and a checkpoint average that does not fit the module', async () => {
    expect(() => new EMAWeightAveraging({ decay: 1.5 })).toThrow('EMAWeightAveraging: decay must lie in [0, 1], got 1.5');
    const ema = new EMAWeightAveraging();
    expect(() => ema.loadStateDict({ nAveraged: -1, averaged: null })).toThrow('EMAWeightAveraging.loadStateDict: nAveraged must be a non-negative integer, got -1');
    ema.loadStateDict({ nAveraged: 3, averaged: [[1, 2]] });
    await expect(new Trainer({ ...options(), maxEpochs: 1, limitTrainBatches: 1, callbacks: [ema] }).fit(new Mlp(), loaders().train)).rejects.toThrow(/EMAWeightAveraging: the checkpoint's average has 1 tensors of sizes \[2\], the module 4 of/);
  });
});
