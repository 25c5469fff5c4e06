import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeGeneratedIdx } from './fixtures-idx.js';
import { runExample } from './run-example.js';

describe('LeNet example, run as a user runs it', () => {
  it('LeNet on MNIST-format IDX files (generated here: no data set ships): >= 90 % and names its files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flint-idx-'));
    writeGeneratedIdx(join(dir, 'data'), 1536, 512);
    const { code, out, err } = await runExample('lenet-fashion-mnist.ts', ['--data', join(dir, 'data'), '--epochs', '3', '--root', join(dir, 'runs')]);
    expect(code, err).toBe(0);
    const acc = Number(/val accuracy ([\d.]+)%/.exec(out)?.[1]);
    expect(acc).toBeGreaterThanOrEqual(90);
    for (const what of ['checkpoint', 'metrics.csv', 'tensorboard']) {
      const path = new RegExp(`^${what}: (.+)$`, 'm').exec(out)?.[1];
      expect(path && existsSync(path), `${what} in:\n${out}`).toBe(true);
    }
  }, 120_000);

  it('LeNet without data explains what it needs and exits with status 2', async () => {
    const missing = join(tmpdir(), 'flint-no-such-dir');
    const { code, err } = await runExample('lenet-fashion-mnist.ts', ['--data', missing]);
    expect(code).toBe(2);
    expect(err).toContain(`readMnist: neither train-images-idx3-ubyte nor train-images-idx3-ubyte.gz found in ${missing}`);
    expect(err).toContain('pass --data DIR with train-images-idx3-ubyte');
  }, 60_000);
});
