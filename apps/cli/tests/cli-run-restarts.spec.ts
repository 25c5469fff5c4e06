// `flint run --max-restarts`: torchrun's policy, every rank restarted after a failure.
import { describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { fixture, runFlint } from './run-flint.js';

const script = fixture('rank-report.ts');
const cwd = tmpdir();

const reports = (stdout: string): { env: Record<string, string | undefined>; sum: number }[] =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { env: Record<string, string | undefined>; sum: number })
    .sort((a, b) => Number(a.env['RANK']) - Number(b.env['RANK']));

describe('flint run --max-restarts', () => {
  it('--max-restarts restarts every rank after a failure (TORCHELASTIC_RESTART_COUNT counts)', async () => {
    const r = await runFlint(['run', '--nproc-per-node', '2', '--max-restarts', '2', script, '--fail-rank', '0', '--code', '5', '--only-attempt', '0'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('flint run: launch: rank 0 failed (exit code 5); the other ranks were stopped; restarting all ranks (restart 1 of 2)');
    // Attempt 1 normally succeeds; a port taken by another process between the launcher's pick
    // and rank 0's bind may cost one more restart, which the policy then absorbs.
    const ranks = reports(r.stdout);
    expect(ranks.map((x) => [x.env['RANK'], x.sum]), r.stderr).toEqual([
      ['0', 3],
      ['1', 3],
    ]);
    const attempt = ranks[0].env['TORCHELASTIC_RESTART_COUNT'];
    expect(['1', '2']).toContain(attempt);
    expect(ranks[1].env['TORCHELASTIC_RESTART_COUNT']).toBe(attempt);
  });

  it('gives up after --max-restarts failures with the last failure', async () => {
    const r = await runFlint(['run', '--nproc-per-node', '2', '--max-restarts', '1', script, '--fail-rank', '1', '--code', '4'], { cwd });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('restarting all ranks (restart 1 of 1)');
    expect(r.stderr).toContain('flint run: launch: rank 1 failed (exit code 4); the other ranks were stopped after 1 restarts');
  });
});
