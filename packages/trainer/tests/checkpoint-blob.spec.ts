import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualSeed } from '@flint/core';
import { CheckpointCorruptError, checkpointFromBlob, checkpointToBlob, MemoryFileSystem, ModelCheckpoint, Trainer } from '../src/index.js';
import { Mlp, loaders } from './fixtures.js';

const base = { accelerator: 'cpu', enableProgressBar: false, enableModelSummary: false, logger: false } as const;

/** A run whose logs and checkpoints live in `fs` (a page's in-memory file system). */
async function run(fs: MemoryFileSystem, maxSteps: number, opts: { ckptPath?: string; save?: boolean } = {}): Promise<number[]> {
  manualSeed(0);
  const model = new Mlp(0.1);
  const { train, val } = loaders({ shuffle: true, seed: 9 });
  const callbacks = opts.save ? [new ModelCheckpoint({ dirpath: 'ckpts', everyNTrainSteps: 5, saveTopK: -1 })] : [];
  const trainer = new Trainer({ ...base, fs, maxSteps, callbacks, enableCheckpointing: opts.save === true });
  const losses: number[] = [];
  trainer.events$.subscribe((e) => e.type === 'batchEnd' && e.stage === 'train' && e.loss !== undefined && losses.push(e.loss));
  await trainer.fit(model, train, val, { ckptPath: opts.ckptPath });
  return losses;
}

const tar = (args: string[]): void => {
  const r = spawnSync('tar', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar ${args.join(' ')} failed: ${r.stderr}`);
};

describe('checkpoints as Blobs', () => {
  it('a checkpoint saved in memory travels as a Blob and resumes the same loss curve elsewhere', async () => {
    const straight = await run(new MemoryFileSystem(), 12);
    const pageFs = new MemoryFileSystem();
    const first = await run(pageFs, 5, { save: true });
    const blob = await checkpointToBlob(pageFs, 'ckpts/epoch=0-step=5');
    expect(blob.type).toBe('application/x-tar');
    const otherFs = new MemoryFileSystem();
    await checkpointFromBlob(blob, otherFs, 'restored');
    const second = await run(otherFs, 12, { ckptPath: 'restored' });
    expect([...first, ...second]).toEqual(straight);
  });

  it('the Blob is a standard tar: GNU tar unpacks it to the files, and a tar of a directory loads back', async () => {
    const fs = new MemoryFileSystem();
    await run(fs, 5, { save: true });
    const dir = 'ckpts/epoch=0-step=5';
    const root = mkdtempSync(join(tmpdir(), 'flint-ckpt-tar-'));
    writeFileSync(join(root, 'ckpt.tar'), new Uint8Array(await (await checkpointToBlob(fs, dir)).arrayBuffer()));
    mkdirSync(join(root, 'out'));
    tar(['-xf', join(root, 'ckpt.tar'), '-C', join(root, 'out')]);
    const names = readdirSync(join(root, 'out')).sort();
    expect(names).toEqual(['checksums.json', 'model.safetensors', 'optimizer.safetensors', 'state.json']);
    for (const n of names) expect(new Uint8Array(readFileSync(join(root, 'out', n)))).toEqual(await fs.readFile(`${dir}/${n}`));

    tar(['--format=ustar', '-cf', join(root, 'again.tar'), '-C', join(root, 'out'), '.']);
    const back = new MemoryFileSystem();
    await checkpointFromBlob(new Uint8Array(readFileSync(join(root, 'again.tar'))), back, 'again');
    for (const n of names) expect(await back.readFile(`again/${n}`)).toEqual(await fs.readFile(`${dir}/${n}`));
    await expect(run(back, 8, { ckptPath: 'again' })).resolves.toHaveLength(3);
  });

  it('a damaged archive is a CheckpointCorruptError naming it', async () => {
    const fs = new MemoryFileSystem();
    await run(fs, 5, { save: true });
    const bytes = new Uint8Array(await (await checkpointToBlob(fs, 'ckpts/epoch=0-step=5')).arrayBuffer());
    const badHeader = bytes.slice();
    badHeader[3] ^= 0x01;
    const err = await checkpointFromBlob(badHeader, new MemoryFileSystem(), 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CheckpointCorruptError);
    expect((err as Error).message).toBe('checkpoint file x (archive) is corrupt: tar header at byte 0 fails its checksum');
    const cut = bytes.slice(0, 700);
    await expect(checkpointFromBlob(cut, new MemoryFileSystem(), 'y')).rejects.toThrow(/past the end of the archive/);
  });
});
