// `flint fit` on the examples' module file (the MNIST MLP on the `mnist` package's real digits), as a user runs it.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runFlint, type FlintResult } from './run-flint.js';

const moduleFile = fileURLToPath(new URL('../../examples/src/mnist-mlp-module.ts', import.meta.url));

const metric = (r: FlintResult, name: string): number => {
  const m = new RegExp(`^  ${name}\\s+(\\S+)$`, 'm').exec(r.stdout);
  if (!m) throw new Error(`no metric ${name} in:\n${r.stdout}\n${r.stderr}`);
  return Number(m[1]);
};

describe('flint fit on apps/examples/src/mnist-mlp-module.ts', () => {
  it('trains one epoch on the real digits (> 85 % validation accuracy), checkpoints, and test --ckpt-path last reproduces it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'flint-cli-example-'));
    const fit = await runFlint(['fit', moduleFile, '--trainer.maxEpochs', '1', '--accelerator', 'cpu', '--model.lr', '0.05', '--data.batchSize', '100', '--seed', '0'], { cwd, timeoutMs: 90_000 });
    expect(fit.code, fit.stderr).toBe(0);
    // 8,499 training digits in batches of 100
    expect(fit.stdout).toContain('fit finished after 1 epoch, 85 steps');
    expect(fit.stdout).toMatch(/^Epoch 0: 100% 85\/85 loss=/m);
    expect(metric(fit, 'val_acc')).toBeGreaterThan(0.85);
    const checkpoint = /^checkpoint: (.+)$/m.exec(fit.stdout)?.[1] ?? '';
    expect(checkpoint).toBe(join(cwd, 'lightning_logs', 'version_0', 'checkpoints', 'epoch=0-step=85'));
    const state = JSON.parse(readFileSync(join(checkpoint, 'state.json'), 'utf8')) as { hparams: Record<string, unknown> };
    expect(state.hparams).toEqual({ lr: 0.05, hidden: 128, batchSize: 64 });
    expect(existsSync(join(checkpoint, 'model.safetensors'))).toBe(true);

    // the data module's test split is its validation split, so the checkpoint's test metrics are fit's val metrics
    const test = await runFlint(['test', moduleFile, '--accelerator', 'cpu', '--ckpt-path', 'last'], { cwd, timeoutMs: 60_000 });
    expect(test.code, test.stderr).toBe(0);
    expect(metric(test, 'test_acc')).toBeCloseTo(metric(fit, 'val_acc'), 5);
    expect(metric(test, 'test_loss')).toBeCloseTo(metric(fit, 'val_loss'), 5);
  }, 150_000);
});
