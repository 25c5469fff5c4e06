import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualSeed } from '@flint/core';
import { ModelCheckpoint, Trainer } from '../src/index.js';
import { nodeFileSystem } from '../src/node.js';
import { recoverCheckpointDir } from '../src/checkpoint/checkpoint-dir-recovery.js';
import { Mlp, loaders } from './fixtures.js';

const base = { accelerator: 'cpu', enableProgressBar: false, enableModelSummary: false, logger: false } as const;

/** A checkpoint directory with complete checkpoints of steps 2 and 4 (everyNTrainSteps 2, all kept). */
async function checkpoints(): Promise<string> {
  const dirpath = join(mkdtempSync(join(tmpdir(), 'flint-crash-')), 'ckpts');
  manualSeed(0);
  const cb = new ModelCheckpoint({ dirpath, everyNTrainSteps: 2, saveTopK: -1 });
  await new Trainer({ ...base, maxSteps: 4, callbacks: [cb] }).fit(new Mlp(), loaders().train, null);
  return dirpath;
}

const stepOf = (dir: string): number => (JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { globalStep: number }).globalStep;

/** Resumes from 'last' in `dirpath` for one more step; returns the step it resumed at. */
async function resumeLast(dirpath: string): Promise<number> {
  let resumedAt = -1;
  const model = new Mlp();
  model.onTrainStart = function (this: Mlp): void {
    resumedAt = this.globalStep;
  };
  const trainer = new Trainer({ ...base, maxSteps: 6, callbacks: [new ModelCheckpoint({ dirpath, everyNTrainSteps: 100, saveLast: false })] });
  await trainer.fit(model, loaders().train, null, { ckptPath: 'last' });
  return resumedAt;
}

describe('crash debris in a checkpoint directory is recovered at start', () => {
  it("a crash between an atomic save's two renames (no 'last', both copies aside): the newer copy becomes 'last'", async () => {
    const dirpath = await checkpoints();
    renameSync(join(dirpath, 'epoch=0-step=2'), join(dirpath, '.last.old-100-0'));
    renameSync(join(dirpath, 'epoch=0-step=4'), join(dirpath, '.last.tmp-100-1'));
    expect(await resumeLast(dirpath)).toBe(4);
    expect(readdirSync(dirpath).filter((e) => e.startsWith('.'))).toEqual([]);
  });

  it("only the superseded copy aside (the new one never finished): it becomes 'last'", async () => {
    const dirpath = await checkpoints();
    renameSync(join(dirpath, 'epoch=0-step=2'), join(dirpath, '.last.old-100-0'));
    mkdirSync(join(dirpath, '.last.tmp-100-1'));
    writeFileSync(join(dirpath, '.last.tmp-100-1', 'model.safetensors'), 'half');
    expect(await resumeLast(dirpath)).toBe(2);
    expect(readdirSync(dirpath).filter((e) => e.startsWith('.'))).toEqual([]);
  });

  it('an unfinished save next to a whole checkpoint is removed; the checkpoint stays', async () => {
    const dirpath = await checkpoints();
    renameSync(join(dirpath, 'epoch=0-step=4'), join(dirpath, 'last'));
    mkdirSync(join(dirpath, '.last.tmp-100-7'));
    const r = await recoverCheckpointDir(nodeFileSystem, dirpath);
    expect(r).toEqual({ restored: [], removed: ['.last.tmp-100-7'] });
    expect(stepOf(join(dirpath, 'last'))).toBe(4);
  });

  it('a top-k entry killed mid-delete (renamed away first) is removed, never left half-deleted under its name', async () => {
    const dirpath = await checkpoints();
    renameSync(join(dirpath, 'epoch=0-step=2'), join(dirpath, '.epoch=0-step=2.trash-100-3'));
    rmSync(join(dirpath, '.epoch=0-step=2.trash-100-3', 'state.json'));
    const r = await recoverCheckpointDir(nodeFileSystem, dirpath);
    expect(r.removed).toEqual(['.epoch=0-step=2.trash-100-3']);
    expect(readdirSync(dirpath).sort()).toEqual(['epoch=0-step=4']);
  });

  it('leaves directories that are not debris alone', async () => {
    const dirpath = await checkpoints();
    mkdirSync(join(dirpath, '.user-notes'));
    mkdirSync(join(dirpath, 'other'));
    expect(await recoverCheckpointDir(nodeFileSystem, dirpath)).toEqual({ restored: [], removed: [] });
    expect(existsSync(join(dirpath, '.user-notes'))).toBe(true);
  });
});
