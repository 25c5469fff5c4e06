import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const script = new URL('./fixtures/ddp-hang-main.ts', import.meta.url).pathname;
const launcherScript = new URL('./fixtures/ddp-hang-launch.ts', import.meta.url).pathname;
const repoRoot = new URL('../../../', import.meta.url).pathname;
/** The collective timeout the fixture's ranks run with. */
const TIMEOUT_MS = 8000;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Runs `entry` (the user's script, or `flint run`'s launcher around it) with a rank that hangs
 * at step 3; returns its exit code, output, the rank pids, and the ms from the moment every rank
 * was training to the moment the whole job had exited.
 */
async function runHung(entry: string, args: readonly string[], ranks: number): Promise<{ code: number | null; output: string; pids: number[]; ms: number }> {
  const out = mkdtempSync(join(tmpdir(), 'flint-hang-'));
  const env: NodeJS.ProcessEnv = { ...process.env, TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.base.json') };
  for (const k of ['RANK', 'WORLD_SIZE', 'LOCAL_RANK', 'MASTER_PORT']) delete env[k];
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@flint/source', entry, out, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const pidFiles = Array.from({ length: ranks }, (_, r) => join(out, `pid-${r}`));
  let started = 0;
  const poll = setInterval(() => {
    if (!started && pidFiles.every((f) => existsSync(f))) started = Date.now();
  }, 50);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(poll);
  const pids = pidFiles.filter((f) => existsSync(f)).map((f) => Number(readFileSync(f, 'utf8')));
  return { code, output, pids, ms: started ? Date.now() - started : Number.NaN };
}

const expectAllGone = (r: { code: number | null; output: string; pids: number[]; ms: number }, ranks: number): void => {
  expect(r.code, r.output).not.toBe(0);
  expect(r.output).toMatch(/rank 0 failed after \d+ ms: (CollectiveTimeoutError|RankFailedError)/);
  expect(r.pids, r.output).toHaveLength(ranks);
  for (const pid of r.pids) expect(alive(pid), `rank process ${pid} outlived the job`).toBe(false);
  expect(r.ms, r.output).toBeLessThan(TIMEOUT_MS + 10_000);
};

describe('a hung rank never keeps a ddp job alive', () => {
  it('busy-looping rank of 2, process launcher over tcp: the fit fails, its rank is killed, exit non-zero', async () => {
    expectAllGone(await runHung(script, ['busy', '2', 'process'], 2), 2);
  }, 90_000);

  it('sleeping rank of 2, thread launcher over shm: the fit fails, its thread is terminated, exit non-zero', async () => {
    expectAllGone(await runHung(script, ['sleep', '2', 'thread'], 2), 2);
  }, 90_000);

  it("busy-looping rank of 2 under flint run's launcher: rank 0 exits, the launcher stops the hung rank", async () => {
    const r = await runHung(launcherScript, ['busy', '2'], 2);
    expect(r.output).toMatch(/LaunchError: launch: rank \d failed/);
    expectAllGone(r, 2);
  }, 90_000);
});
