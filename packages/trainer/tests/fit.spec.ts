import { mkdtempSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualSeed } from '@flint/core';
import { Trainer, type TrainerEvent } from '../src/index.js';
import { Mlp, loaders } from './fixtures.js';

describe('Trainer.fit end to end on CPU', () => {
  it('trains an MLP for 2 epochs: loss falls, checkpoint and metrics.csv are written', async () => {
    manualSeed(0);
    const root = mkdtempSync(join(tmpdir(), 'flint-fit-'));
    const { train, val } = loaders();
    const trainer = new Trainer({ maxEpochs: 2, defaultRootDir: root, accelerator: 'cpu', enableProgressBar: false, enableModelSummary: false, logEveryNSteps: 1 });
    const losses: number[] = [];
    const types = new Set<string>();
    trainer.events$.subscribe((e: TrainerEvent) => {
      types.add(e.type);
      if (e.type === 'batchEnd' && e.stage === 'train' && e.loss !== undefined) losses.push(e.loss);
    });
    const model = new Mlp(0.2);
    await trainer.fit(model, train, val);

    expect(losses).toHaveLength(16);
    const first = (losses[0] + losses[1]) / 2;
    const last = (losses[14] + losses[15]) / 2;
    expect(last).toBeLessThan(first * 0.8);
    expect(trainer.globalStep).toBe(16);
    expect(trainer.currentEpoch).toBe(2);
    expect(trainer.callbackMetrics.val_acc).toBeGreaterThan(0.6);
    for (const t of ['fitStart', 'epochStart', 'batchStart', 'batchEnd', 'validationEnd', 'metrics', 'checkpointSaved', 'epochEnd', 'fitEnd', 'runEnd']) expect(types).toContain(t);

    const run = join(root, 'lightning_logs', 'version_0');
    const csv = readFileSync(join(run, 'metrics.csv'), 'utf8').trim().split('\n');
    expect(csv[0].split(',')).toEqual(expect.arrayContaining(['step', 'train_loss', 'epoch', 'val_loss', 'val_acc']));
    expect(csv.length).toBe(1 + 16 + 2);
    expect(readFileSync(join(run, 'hparams.yaml'), 'utf8')).toBe('lr: 0.2\ndropout: 0\n');
    const ckpts = readdirSync(join(run, 'checkpoints'));
    expect(ckpts).toEqual(['epoch=1-step=16']);
    for (const f of ['model.safetensors', 'optimizer.safetensors', 'state.json', 'checksums.json']) expect(existsSync(join(run, 'checkpoints', ckpts[0], f))).toBe(true);
    const state = JSON.parse(readFileSync(join(run, 'checkpoints', ckpts[0], 'state.json'), 'utf8'));
    expect(state).toMatchObject({ epoch: 1, globalStep: 16, batchIdx: 8, flintVersion: '0.1.0', hparams: { lr: 0.2, dropout: 0 } });
  });

  it('a second fit in the same root gets version_1; test() returns the logged metrics', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-fit-'));
    const { train, val } = loaders();
    const opts = { maxEpochs: 1, defaultRootDir: root, accelerator: 'cpu', enableProgressBar: false, enableModelSummary: false };
    await new Trainer(opts).fit(new Mlp(), train, val);
    const t2 = new Trainer(opts);
    const model = new Mlp();
    await t2.fit(model, train, val);
    expect(readdirSync(join(root, 'lightning_logs')).sort()).toEqual(['version_0', 'version_1']);
    const [metrics] = await t2.test(model, val, { ckptPath: 'best' });
    expect(Object.keys(metrics).sort()).toEqual(['val_acc', 'val_loss']);
  });
});
