import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualSeed } from '@flint/core';
import { CheckpointCorruptError, ModelCheckpoint, Trainer } from '../src/index.js';
import { Mlp, loaders } from './fixtures.js';
import { editState } from './forge-checkpoint.js';

const base = { accelerator: 'cpu', enableProgressBar: false, enableModelSummary: false, logger: false } as const;

/** Trains `steps` steps saving every 2 steps with top-1 into `dirpath`, resuming from `ckptPath`. */
async function fit(root: string, dirpath: string, steps: number, ckptPath?: string): Promise<void> {
  manualSeed(0);
  const { train } = loaders();
  const cb = new ModelCheckpoint({ dirpath, everyNTrainSteps: 2, saveTopK: 1 });
  const trainer = new Trainer({ ...base, maxSteps: steps, defaultRootDir: root, callbacks: [cb] });
  await trainer.fit(new Mlp(), train, null, { ckptPath });
}

/** A directory the run must never touch, with a file in it. */
function victim(path: string): string {
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, 'precious.txt'), 'keep me');
  return join(path, 'precious.txt');
}

describe('top-k never deletes outside its own checkpoints', () => {
  it("a forged kept name '../victim' is refused naming the field, and the victim survives", async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-topk-'));
    const dirpath = join(root, 'ckpts');
    const precious = victim(join(root, 'victim'));
    await fit(root, dirpath, 2);
    const ckpt = join(dirpath, 'epoch=0-step=2');
    editState(ckpt, (s) => {
      (s.callbacks as Record<string, Record<string, unknown>>).ModelCheckpoint.kept = [{ name: '../victim', score: 100 }];
    });
    const err = await fit(root, dirpath, 6, ckpt).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CheckpointCorruptError);
    expect((err as Error).message).toMatch(/callbacks\.ModelCheckpoint\.kept\[0\]\.name "\.\.\/victim" is not a checkpoint directory name/);
    expect((err as CheckpointCorruptError).file).toBe(join(ckpt, 'state.json'));
    expect(existsSync(precious)).toBe(true);
  });

  it('a checkpoint saved under another dirpath does not restore top-k: names it lists are never deleted here', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-topk-'));
    const other = join(root, 'other');
    const dirpath = join(root, 'ckpts');
    await fit(root, other, 2);
    // The current dirpath holds a user's directory (even one that looks like a checkpoint)
    // whose name the foreign state lists as kept.
    const precious = victim(join(dirpath, 'user-data'));
    writeFileSync(join(dirpath, 'user-data', 'checksums.json'), '{}');
    const ckpt = join(other, 'epoch=0-step=2');
    editState(ckpt, (s) => {
      (s.callbacks as Record<string, Record<string, unknown>>).ModelCheckpoint.kept = [{ name: 'user-data', score: 0 }];
    });
    await fit(root, dirpath, 6, ckpt);
    expect(existsSync(precious)).toBe(true);
    expect(readdirSync(dirpath).sort()).toEqual(['epoch=0-step=6', 'user-data']);
  });

  it('resuming in the same dirpath keeps rotating top-k, leaving no debris behind', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-topk-'));
    const dirpath = join(root, 'ckpts');
    await fit(root, dirpath, 2);
    await fit(root, dirpath, 6, join(dirpath, 'epoch=0-step=2'));
    expect(readdirSync(dirpath)).toEqual(['epoch=0-step=6']);
  });
});
