// `flint fit|validate|test|predict` on a fixture module file, as a user runs them.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, runFlint, type FlintResult } from './run-flint.js';

const model = fixture('tiny-regression.ts');
const cwd = mkdtempSync(join(tmpdir(), 'flint-cli-fit-'));

/** `  name  value` lines of a command's output, as numbers. */
const metric = (r: FlintResult, name: string): number => {
  const m = new RegExp(`^  ${name}\\s+(\\S+)$`, 'm').exec(r.stdout);
  if (!m) throw new Error(`no metric ${name} in:\n${r.stdout}\n${r.stderr}`);
  return Number(m[1]);
};

describe('flint fit / test / validate / predict', () => {
  let fit: FlintResult;
  let checkpoint: string;

  beforeAll(async () => {
    fit = await runFlint(['fit', model, '--trainer.maxEpochs', '3', '--accelerator', 'cpu', '--model.lr', '0.05', '--data.batchSize', '16'], { cwd });
    checkpoint = /^checkpoint: (.+)$/m.exec(fit.stdout)?.[1] ?? '';
  });

  it('fit trains, prints its metrics and writes a checkpoint directory and logs', () => {
    expect(fit.code, fit.stderr).toBe(0);
    // 64 samples in batches of 16, 3 epochs.
    expect(fit.stdout).toContain('fit finished after 3 epochs, 12 steps');
    expect(checkpoint).toBe(join(cwd, 'lightning_logs', 'version_0', 'checkpoints', 'epoch=2-step=12'));
    for (const f of ['model.safetensors', 'optimizer.safetensors', 'state.json']) expect(existsSync(join(checkpoint, f)), f).toBe(true);
    const state = JSON.parse(readFileSync(join(checkpoint, 'state.json'), 'utf8')) as { globalStep: number; hparams: Record<string, unknown> };
    expect(state.globalStep).toBe(12);
    expect(state.hparams).toEqual({ lr: 0.05 });
    expect(fit.stdout).toContain(`logs: ${join(cwd, 'lightning_logs', 'version_0')}`);
    expect(readFileSync(join(cwd, 'lightning_logs', 'version_0', 'metrics.csv'), 'utf8')).toMatch(/val_loss/);
  });

  it('test --ckpt-path last loads the trained weights: its loss is the loss fit validated with', async () => {
    const trained = await runFlint(['test', model, '--accelerator', 'cpu', '--ckpt-path', 'last'], { cwd });
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stdout).toContain('test metrics:');
    // The fixture's val and test loaders are the same data.
    expect(metric(trained, 'test_loss')).toBeCloseTo(metric(fit, 'val_loss'), 5);
    const untrained = await runFlint(['validate', model, '--accelerator', 'cpu'], { cwd });
    expect(untrained.code, untrained.stderr).toBe(0);
    expect(metric(untrained, 'val_loss')).toBeGreaterThan(metric(fit, 'val_loss') * 1.5);
  });

  it('predict --ckpt-path PATH writes the predictions as JSON', async () => {
    const r = await runFlint(['predict', model, '--accelerator', 'cpu', '--ckpt-path', checkpoint, '--output', 'pred.json'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('predict: 2 batches');
    const out = JSON.parse(readFileSync(join(cwd, 'pred.json'), 'utf8')) as number[][][];
    expect(out.map((b) => [b.length, b[0].length])).toEqual([
      [32, 1],
      [32, 1],
    ]);
  });

  it('a YAML config sets trainer, model and data options; flags override it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-cli-cfg-'));
    writeFileSync(join(root, 'run.yaml'), `trainer:\n  max_epochs: 1\n  default_root_dir: ${root}\n  enable_model_summary: false\nmodel:\n  lr: 0.2\ndata:\n  batchSize: 32\n`);
    // model/data keys are the class's own names, passed as written: one it does not take is an error.
    writeFileSync(join(root, 'snake.yaml'), 'data:\n  batch_size: 8\n');
    const snake = await runFlint(['fit', model, '--config', 'snake.yaml', '--accelerator', 'cpu'], { cwd: root });
    expect(snake.code).toBe(2);
    expect(snake.stderr).toContain("unknown option '--data.batch_size' for LinearData; did you mean '--data.batchSize'?");
    const printed = await runFlint(['fit', model, '--config', 'run.yaml', '--max-epochs', '2', '--print-config'], { cwd: root });
    expect(printed.code, printed.stderr).toBe(0);
    const config = JSON.parse(printed.stdout) as Record<string, unknown>;
    expect(config).toMatchObject({ trainer: { maxEpochs: 2, defaultRootDir: root, enableModelSummary: false }, model: { lr: 0.2 }, data: { batchSize: 32 } });
    const r = await runFlint(['fit', model, '--config', 'run.yaml', '--max-epochs', '2', '--accelerator', 'cpu'], { cwd: root });
    expect(r.code, r.stderr).toBe(0);
    // batchSize 32 over 64 samples: 2 steps per epoch.
    expect(r.stdout).toContain('fit finished after 2 epochs, 4 steps');
    const ckpt = join(root, 'lightning_logs', 'version_0', 'checkpoints', 'epoch=1-step=4');
    expect((JSON.parse(readFileSync(join(ckpt, 'state.json'), 'utf8')) as { hparams: unknown }).hparams).toEqual({ lr: 0.2 });
  });

  it('--checkpoint.* configures ModelCheckpoint and --early-stopping.* adds EarlyStopping', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-cli-cb-'));
    const r = await runFlint(
      [
        'fit', model, '--accelerator', 'cpu', '--seed', '0', '--max-epochs', '20', '--enable-model-summary', 'false',
        '--checkpoint.monitor', 'val_loss', '--checkpoint.save_top_k', '2', '--checkpoint.saveLast', '--checkpoint.filename', '{epoch}-{val_loss:.3f}',
        '--early-stopping.monitor', 'val_loss', '--early-stopping.stoppingThreshold', '0.01',
      ],
      { cwd: root },
    );
    expect(r.code, r.stderr).toBe(0);
    const stopped = /^fit stopped \(.*val_loss.*\) after (\d+) epochs?, \d+ steps?$/m.exec(r.stdout);
    expect(stopped, r.stdout).not.toBeNull();
    const epochs = Number(stopped?.[1]);
    expect(epochs).toBeGreaterThan(1);
    expect(epochs).toBeLessThan(20);
    const dir = join(root, 'lightning_logs', 'version_0', 'checkpoints');
    const names = readdirSync(dir).sort();
    expect(names).toHaveLength(3);
    expect(names).toContain('last');
    for (const n of names.filter((x) => x !== 'last')) expect(n).toMatch(/^epoch=\d+-val_loss=\d\.\d{3}$/);
    expect(metric(r, 'val_loss')).toBeLessThan(0.01);
  });

  it('--fast-dev-run runs one batch and writes nothing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-cli-fdr-'));
    const r = await runFlint(['fit', model, '--fast-dev-run', '--accelerator', 'cpu'], { cwd: root });
    expect(r.code, r.stderr).toBe(0);
    // maxSteps 1 ends inside the first epoch, so no epoch is complete.
    expect(r.stdout).toContain('fit finished after 0 epochs, 1 step\n');
    expect(existsSync(join(root, 'lightning_logs'))).toBe(false);
  });
});
