// `npm run example -- ddp`, run as a user runs it: `new Trainer({ strategy: 'ddp', devices: 4 }).fit(model)`
// on the MNIST MLP whose data comes from its own trainDataloader().
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './run-example.js';

function npmRunExample(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'example', '--', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('npm run example -- ddp', () => {
  it("runs the headline line on 4 ranks: CPU picked over the software adapter, one start line, >= 90 % over all ranks", async () => {
    const source = readFileSync(join(repoRoot, 'apps/examples/src/mnist-ddp.ts'), 'utf8');
    expect(source).toContain("new Trainer({ strategy: 'ddp', devices: 4 })");
    expect(source).toContain('await trainer.fit(model);');
    const { code, out } = await npmRunExample(['ddp']);
    const logs = /^logs: (.+)$/m.exec(out)?.[1];
    try {
      expect(code, out).toBe(0);
      const starts = out.match(/^Trainer: accelerator .*$/gm) ?? [];
      expect(starts, out).toHaveLength(1);
      expect(starts[0]).toMatch(/^Trainer: accelerator cpu \(.*\), devices 4, strategy ddp \(4 ranks\), \d+ CPU threads? per rank, \d+ cores$/);
      const result = /^MNIST MLP on 4 DDP ranks: (\d+) epoch\(s\), (\d+) steps, val accuracy over all ranks ([\d.]+)%/m.exec(out);
      const [, epochs, steps, acc] = result ?? [];
      expect(Number(acc), out).toBeGreaterThanOrEqual(90);
      expect(Number(steps)).toBe(Number(epochs) * 133); // 8,499 digits, 16 per rank and step on 4 ranks
      expect(existsSync(join(repoRoot, logs ?? '-', 'metrics.csv'))).toBe(true);
    } finally {
      if (logs) rmSync(join(repoRoot, logs), { recursive: true, force: true });
    }
  }, 300_000);
});
