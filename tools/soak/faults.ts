// `npm run soak -- faults`: the fault matrix of issue 19 (not in CI: minutes of processes and
// worker threads). Prints one line per case and `faults: N passed, M failed`.
//   hang/kill: a rank that busy-loops, sleeps, is SIGKILLed or exits, on 2 and 4 ranks, with
//     the process launcher (tcp), the thread launcher (shm) and flint run's launcher: every
//     rank process gone, the job exits non-zero, within the collective timeout + 10 s.
//   sigterm: SIGTERM at every training step and inside every validation of a 2-epoch run with
//     shuffle, dropout and 0 or 2 loader workers: the resumed weights equal the straight run's.
//   `npm run soak -- faults <hang|sigterm|crash> [text]` runs one part (cases whose name has text).
//   crash: SIGKILL at a random moment of a run that checkpoints every step: the next run
//     recovers the directory (no debris, `last` whole) and resumes from it.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelCheckpoint, Trainer } from '../../packages/trainer/src/index.js';
import { Mlp, loaders } from '../../packages/trainer/tests/fixtures.js';
import { runCase, SigtermAt, SIGTERM_POINTS, STEPS } from '../../packages/trainer/tests/fixtures/sigterm-resume-case.js';

const repo = new URL('../../', import.meta.url).pathname;
const fixture = (f: string): string => join(repo, 'packages/trainer/tests/fixtures', f);
/** The collective timeout of the ranks (it also bounds rendezvous, so 4 ranks of tsx get more). */
const timeoutFor = (ranks: number): number => (ranks > 2 ? 15_000 : 8000);
let passed = 0;
let failed = 0;

/** `npm run soak -- faults <part> <text>`: only the cases whose name contains <text>. */
const filter = process.argv[3];

async function check(name: string, fn: () => Promise<string | null>): Promise<void> {
  if (filter && !name.includes(filter)) return;
  const t0 = Date.now();
  let why: string | null;
  try {
    why = await fn();
  } catch (e) {
    why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  if (why === null) passed++;
  else failed++;
  console.log(`${why === null ? 'ok  ' : 'FAIL'} ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)${why === null ? '' : `: ${why}`}`);
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Runs a fixture as a user would; the ms from every rank training to the job's exit. */
async function job(script: string, args: string[], ranks: number): Promise<string | null> {
  const out = mkdtempSync(join(tmpdir(), 'flint-soak-'));
  const env: NodeJS.ProcessEnv = { ...process.env, TSX_TSCONFIG_PATH: join(repo, 'tsconfig.base.json'), HANG_TIMEOUT_MS: String(timeoutFor(ranks)) };
  for (const k of ['RANK', 'WORLD_SIZE', 'LOCAL_RANK', 'MASTER_PORT']) delete env[k];
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@flint/source', script, out, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const pidFiles = Array.from({ length: ranks }, (_, r) => join(out, `pid-${r}`));
  let started = 0;
  const poll = setInterval(() => {
    if (!started && pidFiles.every((f) => existsSync(f))) started = Date.now();
  }, 50);
  const killer = setTimeout(() => child.kill('SIGKILL'), 180_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(poll);
  clearTimeout(killer);
  const ms = started ? Date.now() - started : Number.NaN;
  const pids = pidFiles.filter((f) => existsSync(f)).map((f) => Number(readFileSync(f, 'utf8')));
  if (code === 0) return `exited 0: ${output.slice(-300)}`;
  if (pids.length < ranks) return `only ${pids.length} of ${ranks} ranks started: ${output.slice(-300)}`;
  const left = pids.filter(alive);
  if (left.length) return `rank processes ${left.join(', ')} outlived the job`;
  if (!(ms < timeoutFor(ranks) + 10_000)) return `took ${ms} ms from every rank training to exit`;
  return null;
}

async function hangMatrix(): Promise<void> {
  for (const ranks of [2, 4]) {
    for (const mode of ['busy', 'sleep', 'kill', 'exit']) {
      for (const launcher of ['process', 'thread'] as const) {
        if (mode === 'kill' && launcher === 'thread') continue; // a SIGKILL takes the whole process
        await check(`${mode} rank of ${ranks}, ${launcher} launcher`, () => job(fixture('ddp-hang-main.ts'), [mode, String(ranks), launcher], ranks));
      }
      await check(`${mode} rank of ${ranks}, flint run launcher`, () => job(fixture('ddp-hang-launch.ts'), [mode, String(ranks)], ranks));
    }
  }
}

async function sigtermMatrix(): Promise<void> {
  const listener = (): void => undefined;
  process.on('SIGTERM', listener);
  for (const numWorkers of [0, 2]) {
    const straight = (await runCase(numWorkers, mkdtempSync(join(tmpdir(), 'flint-soak-')))).weights;
    for (const { label, when } of SIGTERM_POINTS) {
      await check(`SIGTERM ${label}, ${numWorkers} workers`, async () => {
        const root = mkdtempSync(join(tmpdir(), 'flint-soak-'));
        const first = await runCase(numWorkers, root, [new SigtermAt(when)]);
        const second = await runCase(numWorkers, root, [], join(root, 'checkpoints', 'last'));
        if (first.steps + second.steps !== STEPS) return `${first.steps} + ${second.steps} steps, not ${STEPS}`;
        const diff = second.weights.findIndex((w, i) => w !== straight[i]);
        return diff < 0 ? null : `weight ${diff} is ${second.weights[diff]}, the straight run's ${straight[diff]}`;
      });
    }
  }
  process.off('SIGTERM', listener);
}

async function crashMatrix(tries: number): Promise<void> {
  for (let t = 0; t < tries; t++) {
    const dirpath = join(mkdtempSync(join(tmpdir(), 'flint-soak-')), 'ckpts');
    await check(`SIGKILL mid-checkpointing #${t + 1}`, async () => {
      const env = { ...process.env, TSX_TSCONFIG_PATH: join(repo, 'tsconfig.base.json') };
      const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@flint/source', fixture('checkpoint-churn-main.ts'), dirpath], { env, stdio: 'ignore' });
      const t0 = Date.now();
      while (!existsSync(join(dirpath, 'last')) && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, Math.random() * 1500));
      child.kill('SIGKILL');
      await new Promise((r) => child.on('close', r));
      const trainer = new Trainer({ accelerator: 'cpu', maxSteps: 1, logger: false, enableProgressBar: false, enableModelSummary: false, callbacks: [new ModelCheckpoint({ dirpath, everyNTrainSteps: 1000 })] });
      let resumed = -1;
      const model = new Mlp();
      model.onTrainStart = (): void => void (resumed = trainer.globalStep);
      await trainer.fit(model, loaders().train, null, { ckptPath: 'last' });
      const debris = readdirSync(dirpath).filter((e) => e.startsWith('.'));
      if (debris.length) return `debris left: ${debris.join(', ')}`;
      const broken = readdirSync(dirpath).filter((e) => !existsSync(join(dirpath, e, 'checksums.json')));
      if (broken.length) return `incomplete checkpoints under their names: ${broken.join(', ')}`;
      return resumed > 0 ? null : `resumed at step ${resumed}`;
    });
  }
}

const only = process.argv[2];
if (!only || only === 'hang') await hangMatrix();
if (!only || only === 'sigterm') await sigtermMatrix();
if (!only || only === 'crash') await crashMatrix(10);
console.log(`faults: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
