import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataLoader, Generator, manualSeed, type Tensor } from '@flint/core';
import { threadWorkerPool } from '@flint/core/node';
import { Callback, Trainer } from '../src/index.js';
import { Mlp, loaders, type Batch } from './fixtures.js';
import { NoisyTeacherDataset } from './fixtures/noisy-teacher-dataset.js';

const workerModule = new URL('./fixtures/noisy-teacher-dataset.ts', import.meta.url);
const data = { n: 64 };
/** 4 shuffled batches per epoch, 2 epochs: 8 steps; validation after every 2nd batch. */
const STEPS = 8;
const base = { accelerator: 'cpu', enableProgressBar: false, enableModelSummary: false, logger: false, enableCheckpointing: false, maxEpochs: 2, valCheckInterval: 2, numSanityValSteps: 0 } as const;

/** The shuffled, noisy training loader, its noise drawn by `numWorkers` worker threads (or in-process). */
const trainLoader = (numWorkers: number): DataLoader<Tensor[], Batch> =>
  new DataLoader(new NoisyTeacherDataset(data), {
    batchSize: 16, shuffle: true, numWorkers, workerModule, workerData: data, workerPool: threadWorkerPool, generator: new Generator(9),
  }) as unknown as DataLoader<Tensor[], Batch>;

/** Sends this process SIGTERM (as a cluster would) when `when` says so. */
class SigtermAt extends Callback {
  constructor(private readonly when: { trainStep?: number; validationAtStep?: number }) {
    super();
  }
  override onTrainBatchStart(view: { globalStep: number }): void {
    if (view.globalStep === this.when.trainStep) process.emit('SIGTERM');
  }
  override onValidationBatchStart(view: { globalStep: number }): void {
    if (view.globalStep === this.when.validationAtStep) process.emit('SIGTERM');
  }
}

/** Trains (resuming from `ckptPath`); returns the weights and the steps it ran. */
async function run(numWorkers: number, root: string, callbacks: Callback[] = [], ckptPath?: string): Promise<{ weights: number[]; steps: number }> {
  manualSeed(0);
  const model = new Mlp(0.05, 0.3);
  const trainer = new Trainer({ ...base, defaultRootDir: root, callbacks });
  let steps = 0;
  trainer.events$.subscribe((e) => e.type === 'batchEnd' && e.stage === 'train' && steps++);
  await trainer.fit(model, trainLoader(numWorkers), loaders().val, { ckptPath });
  return { weights: model.parameters().flatMap((p) => Array.from(p.dataSync() as Float32Array)), steps };
}

/** Where SIGTERM lands: every training step, and inside each validation (mid-epoch and at epoch end). */
const points: Array<{ label: string; when: { trainStep?: number; validationAtStep?: number } }> = [
  ...Array.from({ length: STEPS }, (_, k) => ({ label: `in training step ${k + 1}${(k + 1) % 4 === 0 ? " (an epoch's last batch)" : ''}`, when: { trainStep: k } })),
  ...[2, 4, 6, 8].map((k) => ({ label: `in the validation after step ${k}${k % 4 === 0 ? ' (epoch end)' : ''}`, when: { validationAtStep: k } })),
];

// Worker threads start once per epoch (seconds each on a small machine): the full matrix with
// 2 workers is in `npm run soak -- faults`; here the in-process loader takes every point and
// the workers the epoch boundary, where resume went wrong.
const matrix: Array<{ numWorkers: number; points: typeof points }> = [
  { numWorkers: 0, points },
  { numWorkers: 2, points: points.filter((p) => p.when.trainStep === 3) },
];

// The trainer re-raises SIGTERM once the run is down unless someone else listens: this test does.
const listener = (): void => undefined;
beforeAll(() => void process.on('SIGTERM', listener));
afterAll(() => void process.off('SIGTERM', listener));

for (const { numWorkers, points: at } of matrix) {
  describe(`SIGTERM anywhere in a 2-epoch run (shuffle, dropout, ${numWorkers} loader workers) resumes to the same weights`, () => {
    let straight: number[];
    beforeAll(async () => {
      straight = (await run(numWorkers, mkdtempSync(join(tmpdir(), 'flint-every-')))).weights;
    }, 60_000);

    for (const { label, when } of at) {
      it(label, async () => {
        const root = mkdtempSync(join(tmpdir(), 'flint-every-'));
        const first = await run(numWorkers, root, [new SigtermAt(when)]);
        const second = await run(numWorkers, root, [], join(root, 'checkpoints', 'last'));
        expect(first.steps + second.steps).toBe(STEPS);
        expect(second.weights).toEqual(straight);
      }, 60_000);
    }
  });
}
