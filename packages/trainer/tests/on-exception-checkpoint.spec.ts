import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Tensor } from '@flint/core';
import { OnExceptionCheckpoint, Trainer } from '../src/index.js';
import { loaders, Mlp, type Batch } from './fixtures.js';

const options = () => ({ accelerator: 'cpu', defaultRootDir: mkdtempSync(join(tmpdir(), 'flint-cb-')), enableProgressBar: false, enableModelSummary: false, logger: false, numSanityValSteps: 0 }) as const;

describe('OnExceptionCheckpoint', () => {
  it('a step that throws leaves a checkpoint at dirpath/filename that resumes, and the error still ends fit', async () => {
    const opts = options();
    const dirpath = join(opts.defaultRootDir, 'crash');
    const cb = new OnExceptionCheckpoint({ dirpath });
    class Failing extends Mlp {
      override trainingStep(batch: Batch): Tensor {
        if (this.trainer_step++ === 5) throw new Error('boom at step 5');
        return super.trainingStep(batch);
      }
      trainer_step = 0;
    }
    const trainer = new Trainer({ ...opts, maxEpochs: 3, callbacks: [cb] });
    await expect(trainer.fit(new Failing(), loaders().train)).rejects.toThrow('boom at step 5');
    expect(cb.savedPath).toBe(join(dirpath, 'on_exception'));
    const resumed = new Trainer({ ...options(), maxEpochs: 1, limitTrainBatches: 6 });
    await resumed.fit(new Mlp(), loaders().train, undefined, { ckptPath: cb.savedPath });
    expect(resumed.globalStep).toBe(6);
  });

  it('refuses a filename that is a path', () => {
    expect(() => new OnExceptionCheckpoint({ dirpath: '/tmp', filename: '../x' })).toThrow("OnExceptionCheckpoint: filename must be a plain name, got '../x'");
  });
});
