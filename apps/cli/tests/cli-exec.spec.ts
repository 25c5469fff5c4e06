// `flint exec`: one command that runs a user's TypeScript file with Flint loaded, in the repository
// or anywhere else on disk.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runFlint } from './run-flint.js';

const outside = mkdtempSync(join(tmpdir(), 'flint-exec-'));

describe('flint exec', () => {
  it('runs a Trainer script in the repository with its arguments in process.argv', async () => {
    const r = await runFlint(['exec', fixture('exec-script.ts'), '--lr', '1', 'x'], { cwd: fixture('.'), timeoutMs: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('args ["--lr","1","x"]');
    expect(r.stdout).toMatch(/epochs 2 train_loss \d+\.\d{4}/);
  });

  it('runs a copy outside the checkout (no package.json, no node_modules) as an ES module and keeps its exit code', async () => {
    copyFileSync(fixture('exec-script.ts'), join(outside, 'train.ts'));
    const r = await runFlint(['exec', 'train.ts', '--exit', '3'], { cwd: outside, timeoutMs: 60_000 });
    expect(r.stdout).toContain('args ["--exit","3"]');
    expect(r.stdout).toMatch(/epochs 2 train_loss \d+\.\d{4}/);
    expect(r.code).toBe(3);
  });

  it('a missing script exits 1 naming it and where it looked', async () => {
    const r = await runFlint(['exec', 'nope.ts'], { cwd: outside });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`flint exec: script 'nope.ts' not found (looked for ${join(outside, 'nope.ts')})`);
  });

  it('a script that throws exits 1 with its error', async () => {
    writeFileSync(join(outside, 'throws.ts'), "const n: number = 2;\nthrow new RangeError(`bad lr ${n}`);\n");
    const r = await runFlint(['exec', 'throws.ts'], { cwd: outside });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('flint exec: RangeError: bad lr 2');
  });

  it('without a script it is a usage error', async () => {
    const r = await runFlint(['exec'], { cwd: outside });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('script');
  });
});
