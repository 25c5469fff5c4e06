import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { manualSeed } from '@flint/core';
import { CheckpointCorruptError, ModelCheckpoint, Trainer } from '../src/index.js';
import { Mlp, loaders } from './fixtures.js';
import { forgeChecksums } from './forge-checkpoint.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const base = { accelerator: 'cpu', enableProgressBar: false, enableModelSummary: false, logger: false, enableCheckpointing: false } as const;

/** Resumes from `dir`; returns what fit threw. */
async function resumeFrom(dir: string): Promise<unknown> {
  return new Trainer({ ...base, maxSteps: 4 }).fit(new Mlp(), loaders().train, null, { ckptPath: dir }).catch((e: unknown) => e);
}

describe('the checkpoint loader reads only regular files inside the checkpoint directory', () => {
  let good: string;
  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-loader-'));
    manualSeed(0);
    const cb = new ModelCheckpoint({ dirpath: root, everyNTrainSteps: 2, filename: 'x' });
    await new Trainer({ ...base, enableCheckpointing: true, maxSteps: 2, callbacks: [cb] }).fit(new Mlp(), loaders().train, null);
    good = join(root, 'x');
  });

  const copy = (): string => {
    const dir = join(mkdtempSync(join(tmpdir(), 'flint-loader-')), 'ckpt');
    cpSync(good, dir, { recursive: true });
    return dir;
  };

  it("a manifest entry '../../etc/passwd' (with its true SHA-256) is refused naming checksums.json", async () => {
    const dir = copy();
    const passwd = createHash('sha256').update(readFileSync('/etc/passwd')).digest('hex');
    forgeChecksums(dir, { '../../../../../../etc/passwd': passwd });
    const err = await resumeFrom(dir);
    expect(err).toBeInstanceOf(CheckpointCorruptError);
    expect((err as CheckpointCorruptError).file).toBe(join(dir, 'checksums.json'));
    expect((err as Error).message).toMatch(/lists '\.\.\/\.\.\/.*etc\/passwd', which is not a file name inside the checkpoint directory/);
  });

  it('a checkpoint file that is a symlink (to /dev/zero) is refused before it is read', async () => {
    const dir = copy();
    rmSync(join(dir, 'model.safetensors'));
    symlinkSync('/dev/zero', join(dir, 'model.safetensors'));
    const err = await resumeFrom(dir);
    expect(err).toBeInstanceOf(CheckpointCorruptError);
    expect((err as CheckpointCorruptError).file).toBe(join(dir, 'model.safetensors'));
    expect((err as Error).message).toMatch(/is a symbolic link/);
  });

  it('a FIFO in place of state.json is refused at once, never read (no hang)', async () => {
    const dir = copy();
    rmSync(join(dir, 'state.json'));
    execFileSync('mkfifo', [join(dir, 'state.json')]);
    const err = await resumeFrom(dir);
    expect(err).toBeInstanceOf(CheckpointCorruptError);
    expect((err as Error).message).toMatch(/state\.json is corrupt: is a device, FIFO or socket, not a regular file/);
  }, 5000);

  it('a symlinked checksums.json is refused', async () => {
    const dir = copy();
    rmSync(join(dir, 'checksums.json'));
    symlinkSync(join(good, 'checksums.json'), join(dir, 'checksums.json'));
    const err = await resumeFrom(dir);
    expect((err as CheckpointCorruptError).file).toBe(join(dir, 'checksums.json'));
    expect((err as Error).message).toMatch(/symbolic link/);
  });

  it('a safetensors file longer than its header says is refused from the header alone', async () => {
    const dir = copy();
    appendFileSync(join(dir, 'optimizer.safetensors'), Buffer.alloc(1 << 20));
    forgeChecksums(dir);
    const err = await resumeFrom(dir);
    expect((err as CheckpointCorruptError).file).toBe(join(dir, 'optimizer.safetensors'));
    expect((err as Error).message).toMatch(/the header describes \d+ bytes, the file has \d+/);
  });

  it('the untouched checkpoint loads', async () => {
    expect(await resumeFrom(copy())).toBeUndefined();
  });
});
