import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataLoader, Generator, manualSeed, type Tensor } from '@flint/core';
import { threadWorkerPool } from '@flint/core/node';
import { ModelCheckpoint, Trainer } from '../src/index.js';
import { Mlp, type Batch } from './fixtures.js';
import { NoisyTeacherDataset } from './fixtures/noisy-teacher-dataset.js';

const workerModule = new URL('./fixtures/noisy-teacher-dataset.ts', import.meta.url);
const data = { n: 1600 };
const base = { accelerator: 'cpu', enableProgressBar: false, enableModelSummary: false, logger: false } as const;

/**
 * 100 shuffled batches per epoch (so 200 steps cross an epoch boundary without restarting the
 * workers too often), fetched by 2 worker threads that add seeded noise.
 */
const workerLoader = (): DataLoader<Tensor[], Batch> =>
  new DataLoader(new NoisyTeacherDataset(data), {
    batchSize: 16,
    shuffle: true,
    numWorkers: 2,
    workerModule,
    workerData: data,
    workerPool: threadWorkerPool,
    generator: new Generator(9),
  }) as unknown as DataLoader<Tensor[], Batch>;

async function run(maxSteps: number, root: string, extra: { ckptPath?: string; callbacks?: ModelCheckpoint[] } = {}): Promise<{ losses: number[]; weights: number[] }> {
  manualSeed(0);
  const model = new Mlp(0.05, 0.2);
  const trainer = new Trainer({ ...base, maxSteps, defaultRootDir: root, callbacks: extra.callbacks ?? [], enableCheckpointing: extra.callbacks !== undefined });
  const losses: number[] = [];
  trainer.events$.subscribe((e) => e.type === 'batchEnd' && e.stage === 'train' && losses.push(e.loss!));
  await trainer.fit(model, workerLoader(), null, { ckptPath: extra.ckptPath });
  return { losses, weights: model.parameters().flatMap((p) => Array.from(p.dataSync() as Float32Array)) };
}

describe('resume parity with loader worker threads', () => {
  it('200 steps with shuffling, dropout and 2 workers; stop at 73 (mid-epoch), resume: bit-identical losses and weights', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-resume-workers-'));
    const straight = await run(200, root);
    expect(straight.losses).toHaveLength(200);
    const dirpath = join(root, 'ckpts');
    const first = await run(73, root, { callbacks: [new ModelCheckpoint({ dirpath, everyNTrainSteps: 73, saveTopK: -1 })] });
    const ckpt = join(dirpath, 'epoch=0-step=73');
    expect(JSON.parse(readFileSync(join(ckpt, 'state.json'), 'utf8'))).toMatchObject({ epoch: 0, globalStep: 73, batchIdx: 73 });
    const second = await run(200, root, { ckptPath: ckpt });
    expect(second.losses).toHaveLength(127);
    expect([...first.losses, ...second.losses]).toEqual(straight.losses);
    expect(second.weights).toEqual(straight.weights);
  }, 60_000);
});
