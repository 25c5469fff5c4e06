import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualSeed } from '@flint/core';
import { CheckpointCorruptError, ModelCheckpoint, Trainer } from '../src/index.js';
import { Mlp, loaders } from './fixtures.js';

const base = { accelerator: 'cpu', enableProgressBar: false, enableModelSummary: false, logger: false } as const;

async function run(maxSteps: number, root: string, extra: { ckptPath?: string; callbacks?: ModelCheckpoint[] } = {}): Promise<{ losses: number[]; model: Mlp }> {
  manualSeed(0);
  const model = new Mlp(0.1, 0.2);
  const { train, val } = loaders({ shuffle: true, seed: 9 });
  const trainer = new Trainer({ ...base, maxSteps, defaultRootDir: root, callbacks: extra.callbacks ?? [], enableCheckpointing: extra.callbacks !== undefined });
  const losses: number[] = [];
  trainer.events$.subscribe((e) => e.type === 'batchEnd' && e.stage === 'train' && losses.push(e.loss!));
  await trainer.fit(model, train, val, { ckptPath: extra.ckptPath });
  return { losses, model };
}

const weights = async (m: Mlp): Promise<number[]> => {
  const out: number[] = [];
  for (const p of m.parameters()) out.push(...(await p.data()));
  return out;
};

describe('resume parity', () => {
  it('stop mid-epoch at step 11, resume from the checkpoint: bit-identical losses and weights', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-resume-'));
    const straight = await run(20, root);
    const dirpath = join(root, 'ckpts');
    const first = await run(11, root, { callbacks: [new ModelCheckpoint({ dirpath, everyNTrainSteps: 11, saveTopK: -1, saveLast: true })] });
    const state = JSON.parse(readFileSync(join(dirpath, 'last', 'state.json'), 'utf8'));
    expect(state).toMatchObject({ epoch: 1, globalStep: 11, batchIdx: 3 });
    const second = await run(20, root, { ckptPath: join(dirpath, 'epoch=1-step=11') });
    expect([...first.losses, ...second.losses]).toEqual(straight.losses);
    expect(await weights(second.model)).toEqual(await weights(straight.model));
  });

  it('a flipped bit in any checkpoint file is caught before the model is touched', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-corrupt-'));
    const dirpath = join(root, 'ckpts');
    await run(3, root, { callbacks: [new ModelCheckpoint({ dirpath, everyNTrainSteps: 3 })] });
    const ckpt = join(dirpath, 'epoch=0-step=3');
    for (const file of ['model.safetensors', 'optimizer.safetensors', 'state.json', 'checksums.json']) {
      const path = join(ckpt, file);
      const good = readFileSync(path);
      const bad = Buffer.from(good);
      bad[bad.length >> 1] ^= 0x10;
      writeFileSync(path, bad);
      manualSeed(0);
      const model = new Mlp();
      const before = await weights(model);
      const { train } = loaders();
      const err = await new Trainer({ ...base, maxSteps: 5, defaultRootDir: root, enableCheckpointing: false }).fit(model, train, null, { ckptPath: ckpt }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CheckpointCorruptError);
      expect((err as CheckpointCorruptError).file).toBe(path);
      expect(await weights(model)).toEqual(before);
      writeFileSync(path, good);
    }
  });
});
