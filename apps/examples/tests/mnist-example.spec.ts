// `npm run example`, run as a user runs it: the MNIST MLP on the `mnist` package's real digits.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './run-example.js';

/** `npm run example -- args`; with `tty`, inside util-linux `script`, so its stdout is a real pseudo-terminal. */
function npmRunExample(args: string[], tty = false): Promise<{ code: number | null; out: string; err: string }> {
  const npm = ['npm', 'run', '--silent', 'example', '--', ...args];
  const [cmd, argv] = tty ? ['script', ['-qfec', npm.join(' '), '/dev/null']] : [npm[0], npm.slice(1)];
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, COLUMNS: '160' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('npm run example (MNIST MLP on real digits)', () => {
  it('reaches >= 90 % validation accuracy on CPU in under 2 minutes and names its checkpoint, CSV and TensorBoard files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-mnist-example-'));
    const started = Date.now();
    const { code, out, err } = await npmRunExample(['--root', root]);
    const seconds = (Date.now() - started) / 1000;
    expect(code, err).toBe(0);
    expect(out).toContain('MNIST MLP: 8499 training digits, 1501 validation digits');
    const acc = Number(/^val accuracy ([\d.]+)%/m.exec(out)?.[1]);
    expect(acc, out).toBeGreaterThanOrEqual(90);
    // Macro F1 from @flint/metrics' F1Score, next to its Accuracy: balanced digits keep them close.
    const f1 = Number(/val F1 \(macro\) ([\d.]+)/.exec(out)?.[1]);
    expect(f1, out).toBeGreaterThan(0.88);
    expect(Math.abs(f1 - acc / 100), out).toBeLessThan(0.03);
    expect(seconds).toBeLessThan(120);
    // stdout is a pipe here, so the progress bar prints one plain line per epoch
    expect(out).toMatch(/^Epoch 0: 100% 133\/133 loss=\d\.\d{4} .*val_acc=0\.\d{4}.* it\/s, ETA 0s\]$/m);
    const paths = Object.fromEntries(['checkpoint', 'metrics.csv', 'tensorboard'].map((what) => [what, new RegExp(`^${what}: (.+)$`, 'm').exec(out)?.[1] ?? '']));
    for (const [what, path] of Object.entries(paths)) {
      expect(path.startsWith(root), `${what} under --root in:\n${out}`).toBe(true);
      expect(existsSync(path), `${what} ${path}`).toBe(true);
    }
    for (const f of ['model.safetensors', 'optimizer.safetensors', 'state.json']) expect(existsSync(join(paths.checkpoint, f)), f).toBe(true);
    expect(readFileSync(paths['metrics.csv'], 'utf8').split('\n')[0]).toContain('val_acc');
    expect(readFileSync(paths['metrics.csv'], 'utf8').split('\n')[0]).toContain('val_f1');
    expect(paths.tensorboard).toMatch(/events\.out\.tfevents\./);
  }, 150_000);

  it('on a terminal it draws the cli-progress bar, redrawn in place, with loss, metrics, it/s and ETA', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-mnist-example-tty-'));
    const { code, out, err } = await npmRunExample(['--epochs', '1', '--root', root], true);
    expect(code, err).toBe(0);
    // cli-progress: CSI 1 G (column 1), the line, CSI 0 K (clear to its right); no newline between redraws
    // eslint-disable-next-line no-control-regex -- terminal escape sequences are what is asserted
    const frames = [...out.matchAll(/\x1b\[1G([^\x1b]*)\x1b\[0K/g)].map((m) => m[1]);
    expect(frames.length, out).toBeGreaterThan(3);
    expect(frames[0]).toMatch(/^Epoch 0 \|-{20}\| 0% 0\/133 /);
    expect(frames).toContainEqual(expect.stringMatching(/^Epoch 0 \|=+-+\| \d{1,2}% \d+\/133 loss=\d\.\d{4} train_loss=\d\.\d{4} \[\d+\.\d it\/s, ETA \d+s\]$/));
    expect(frames.at(-1)).toMatch(/^Epoch 0 \|={20}\| 100% 133\/133 loss=\d\.\d{4} train_loss=\d\.\d{4} val_loss=\d\.\d{4} val_acc=0\.\d{4} val_f1=0\.\d{4} \[\d+\.\d it\/s, ETA 0s\]$/);
    expect(out).not.toMatch(/^Epoch 0: /m);
    expect(out).toMatch(/^checkpoint: /m);
  }, 120_000);
});
