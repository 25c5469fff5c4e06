// `flint run`: real rank processes started by @flint/strategy-ddp's launcher through the CLI.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runFlint, startFlint } from './run-flint.js';

const script = fixture('rank-report.ts');
const cwd = tmpdir();

interface RankReport {
  env: Record<string, string | undefined>;
  sum: number;
  args: string[];
}

const reports = (stdout: string): RankReport[] =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as RankReport)
    .sort((a, b) => Number(a.env['RANK']) - Number(b.env['RANK']));

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('flint run', () => {
  it('starts N ranks with torchrun variables; they meet in an all-reduce and get the script args', async () => {
    const r = await runFlint(['run', '--nproc-per-node', '2', script, '--tag', 'x'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const ranks = reports(r.stdout);
    expect(ranks.map((x) => x.env)).toEqual([0, 1].map((rank) => ({
      RANK: String(rank),
      LOCAL_RANK: String(rank),
      WORLD_SIZE: '2',
      LOCAL_WORLD_SIZE: '2',
      GROUP_RANK: '0',
      MASTER_ADDR: '127.0.0.1',
      MASTER_PORT: ranks[0].env['MASTER_PORT'],
      TORCHELASTIC_RESTART_COUNT: '0',
    })));
    expect(Number(ranks[0].env['MASTER_PORT'])).toBeGreaterThan(0);
    expect(ranks.map((x) => x.sum)).toEqual([3, 3]);
    expect(ranks.map((x) => x.args)).toEqual([['--tag', 'x'], ['--tag', 'x']]);
  });

  it('a failing rank stops the others; flint run exits with its code, naming it, and leaves no rank behind', async () => {
    const pids = mkdtempSync(join(tmpdir(), 'flint-run-pids-'));
    const started = performance.now();
    const r = await runFlint(['run', '--nproc-per-node', '2', script, '--fail-rank', '1', '--code', '3', '--pid-dir', pids], { cwd });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('flint run: launch: rank 1 failed (exit code 3); the other ranks were stopped');
    // The survivors would sleep 60 s: they were stopped, not waited for.
    expect(performance.now() - started).toBeLessThan(30_000);
    const rankPids = readdirSync(pids).map((f) => Number(readFileSync(join(pids, f), 'utf8')));
    expect(rankPids).toHaveLength(2);
    expect(rankPids.filter(alive)).toEqual([]);
  });

  it('SIGTERM to flint run reaches every rank; it exits non-zero and leaves no rank behind', async () => {
    const pids = mkdtempSync(join(tmpdir(), 'flint-run-term-'));
    // No rank 99: every rank just waits (60 s) to be stopped.
    const run = startFlint(['run', '--nproc-per-node', '2', script, '--fail-rank', '99', '--pid-dir', pids], { cwd });
    const deadline = performance.now() + 30_000;
    while (readdirSync(pids).length < 2 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const rankPids = readdirSync(pids).map((f) => Number(readFileSync(join(pids, f), 'utf8')));
    expect(rankPids).toHaveLength(2);
    const signalled = performance.now();
    run.child.kill('SIGTERM');
    const r = await run.result;
    expect(performance.now() - signalled).toBeLessThan(10_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/flint run: launch: rank [01] failed \(signal SIGTERM\)/);
    expect(rankPids.filter(alive)).toEqual([]);
  });
});
