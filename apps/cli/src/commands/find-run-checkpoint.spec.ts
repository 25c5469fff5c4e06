import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../errors.js';
import { findRunCheckpoint } from './find-run-checkpoint.js';

/** A checkpoint directory as the trainer writes it (only state.json matters here). */
function checkpoint(root: string, version: number, name: string, globalStep: number): string {
  const dir = join(root, 'lightning_logs', `version_${version}`, 'checkpoints', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'state.json'), JSON.stringify({ globalStep }));
  return dir;
}

describe('findRunCheckpoint', () => {
  it('passes paths through and resolves last/best in the newest version with checkpoints', () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-find-ckpt-'));
    checkpoint(root, 0, 'epoch=0-step=4', 4);
    checkpoint(root, 2, 'epoch=0-step=3', 3);
    const newest = checkpoint(root, 2, 'epoch=9-step=30', 30);
    mkdirSync(join(root, 'lightning_logs', 'version_10'));
    writeFileSync(join(root, 'lightning_logs', 'notes.txt'), '');
    expect(findRunCheckpoint('some/dir', '.', root)).toBe('some/dir');
    expect(findRunCheckpoint('last', '.', root)).toBe(newest);
    expect(() => findRunCheckpoint('best', '.', root)).toThrow(CliUsageError);
    expect(() => findRunCheckpoint('best', '.', root)).toThrow(/holds 2 checkpoints \((epoch=0-step=3, epoch=9-step=30|epoch=9-step=30, epoch=0-step=3)\); give the one you mean as a path/);
    const last = checkpoint(root, 2, 'last', 31);
    expect(findRunCheckpoint('last', '.', root)).toBe(last);
  });

  it('best is the only top-k checkpoint; defaultRootDir is relative to the working directory', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'flint-find-ckpt-'));
    const only = checkpoint(join(cwd, 'runs'), 0, 'epoch=1-step=8', 8);
    checkpoint(join(cwd, 'runs'), 0, 'last', 8);
    expect(findRunCheckpoint('best', 'runs', cwd)).toBe(only);
  });

  it('says where it looked when there is nothing', () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-find-ckpt-'));
    expect(() => findRunCheckpoint('last', '.', root)).toThrow(new CliUsageError(`--ckpt-path last: no checkpoints under ${join(root, 'lightning_logs')} (run flint fit first, or give a path)`));
  });
});
