import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualSeed } from '@flint/core';
import { Trainer } from '../src/index.js';
import { Mlp, loaders } from './fixtures.js';

const repoRoot = new URL('../../../', import.meta.url).pathname;
const script = new URL('./fixtures/sigterm-fit-main.ts', import.meta.url).pathname;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  at: number;
}

/** Starts the user's script as a user would; `exited` resolves with how it ended. */
function start(root: string, maxSteps: number): { child: ChildProcess; exited: Promise<Exit>; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@flint/source', script, root, String(maxSteps)], {
    env: { ...process.env, TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.base.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, output, at: Date.now() })));
  return { child, exited, output: () => output };
}

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('SIGTERM during fit (child process)', () => {
  it('writes a final checkpoint atomically at `last`, resumable, and the process ends by the signal within 10 s', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-sigterm-'));
    const run = start(root, 1_000_000);
    await waitFor(() => /step 20\n/.test(run.output()), 40_000);
    const sent = Date.now();
    const stepAtSignal = Math.max(...[...run.output().matchAll(/step (\d+)/g)].map((m) => Number(m[1])));
    run.child.kill('SIGTERM');
    const exit = await run.exited;
    expect(exit.at - sent).toBeLessThan(10_000);
    expect(exit.signal, exit.output).toBe('SIGTERM');
    expect(exit.output).not.toMatch(/fit returned/);
    const last = join(root, 'ckpts', 'last');
    const state = JSON.parse(readFileSync(join(last, 'state.json'), 'utf8')) as { globalStep: number; epoch: number; batchIdx: number };
    const steps = [...exit.output.matchAll(/step (\d+)/g)].map((m) => Number(m[1]));
    expect(state.globalStep).toBe(steps.at(-1));
    // Handled promptly: the loop yields to the event loop every batch, so the signal is not
    // left waiting for some file write (a starved loop ran on to the step-1000 checkpoint).
    expect(state.globalStep - stepAtSignal).toBeLessThan(100);
    expect(state.batchIdx).toBe(state.globalStep - 8 * state.epoch);
    expect(readdirSync(join(root, 'ckpts'))).toEqual(['last']); // and no temp directory left behind

    // `ckptPath: 'last'` finds it (checksums verified) and continues from that step.
    manualSeed(0);
    const { train, val } = loaders({ shuffle: true });
    const resumed = new Trainer({ accelerator: 'cpu', maxSteps: state.globalStep + 2, enableProgressBar: false, enableModelSummary: false, logger: false, enableCheckpointing: false });
    const seen: number[] = [];
    resumed.events$.subscribe((e) => e.type === 'batchEnd' && e.stage === 'train' && seen.push(e.globalStep));
    await resumed.fit(new Mlp(0.05, 0.1), train, val, { ckptPath: last });
    expect(seen).toEqual([state.globalStep + 1, state.globalStep + 2]);
  }, 60_000);

  it('a normal fit ends and its process exits by itself', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-exit-'));
    const exit = await start(root, 3).exited;
    expect(exit.code, exit.output).toBe(0);
    expect(exit.signal).toBeNull();
    expect(exit.output).toMatch(/step 3\nfit returned\n$/);
  }, 30_000);
});
