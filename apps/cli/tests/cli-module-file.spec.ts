// What `flint fit` and `flint run` say when the file they are given cannot be used; each message names it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runFlint } from './run-flint.js';

const cwd = mkdtempSync(join(tmpdir(), 'flint-cli-errors-'));

describe('flint fit / run: module file and script errors', () => {
  it('a missing file exits 1 naming the file and where it looked', async () => {
    const r = await runFlint(['fit', 'models/missing.ts'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`flint fit: module file 'models/missing.ts' not found (looked for ${join(cwd, 'models', 'missing.ts')})`);
  });

  it('flint run with a missing script exits 1 naming it, before starting any rank', async () => {
    const r = await runFlint(['run', '--nproc-per-node', '2', 'train.ts'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`flint run: script 'train.ts' not found (looked for ${join(cwd, 'train.ts')})`);
  });

  it('an export name that does not exist names the file, suggests the export and lists them', async () => {
    const file = fixture('two-modules.ts');
    const r = await runFlint(['fit', file, '--model', 'WiderRegresion'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`flint fit: ${file} has no export 'WiderRegresion'; did you mean 'WiderRegression'? (its exports: `);
  });

  it("--model.lrr is a usage error (exit 2) suggesting --model.lr, checked against the module's hyperparameters; --data.* likewise", async () => {
    const file = fixture('tiny-regression.ts');
    const r = await runFlint(['fit', file, '--accelerator', 'cpu', '--model.lrr', '0.1'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("flint fit: unknown option '--model.lrr' for TinyRegression; did you mean '--model.lr'? (its hyperparameters: lr)");
    const d = await runFlint(['fit', file, '--accelerator', 'cpu', '--data.batchsize', '4'], { cwd });
    expect(d.code).toBe(2);
    expect(d.stderr).toContain("unknown option '--data.batchsize' for LinearData; did you mean '--data.batchSize'? (its hyperparameters: batchSize, size)");
  });

  it('two LightningModules need --model; a data module given as --model is refused', async () => {
    const file = fixture('two-modules.ts');
    const both = await runFlint(['fit', file], { cwd });
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/exports 2 LightningModule subclasses \((TinyRegression, WiderRegression|WiderRegression, TinyRegression)\): choose one with --model NAME/);
    const wrong = await runFlint(['fit', file, '--model', 'LinearData'], { cwd });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`${file}: export 'LinearData' is not a LightningModule subclass`);
  });

  it('a file without a LightningModule lists what it exports', async () => {
    const file = fixture('not-a-module.ts');
    const r = await runFlint(['fit', file], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`flint fit: ${file} exports no LightningModule subclass (its exports: helper, learningRate)`);
  });

  it("a trainer option the Trainer rejects fails with the Trainer's message, without a stack", async () => {
    const r = await runFlint(['fit', fixture('tiny-regression.ts'), '--devices', '0'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('flint fit: RangeError: Trainer: devices must be a positive integer, got 0\n(set FLINT_DEBUG=1 to see the stack)');
  });

  it('a file that throws on import reports the file and the error', async () => {
    const file = fixture('broken-import.ts');
    const r = await runFlint(['fit', file], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`flint fit: importing module file '${file}' failed: Error: broken-import fixture: cannot build the model`);
  });
});
