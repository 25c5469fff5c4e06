// The real executable's exit codes and streams for help and usage errors (texts: src/run-cli.spec.ts).
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runFlint } from './run-flint.js';

const cwd = tmpdir();

describe('flint (usage, as an executable)', () => {
  it('--help lists every command on stdout and exits 0', async () => {
    const r = await runFlint(['--help'], { cwd });
    expect(r.code).toBe(0);
    for (const c of ['fit', 'validate', 'test', 'predict', 'info', 'run']) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    expect(r.stderr).toBe('');
  });

  it('an unknown command exits 2 with the nearest command suggested on stderr', async () => {
    const r = await runFlint(['fti', 'model.ts'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("flint: unknown command 'fti'; did you mean 'fit'?");
  });

  it('an unknown flag exits 2 with the nearest flag suggested', async () => {
    const r = await runFlint(['fit', 'does-not-exist.ts', '--trainer.maxEpoch', '2'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("flint fit: unknown option '--trainer.maxEpoch'; did you mean '--trainer.maxEpochs'?");
  });
});
