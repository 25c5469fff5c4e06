import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The real `flint` executable of this package. */
export const FLINT_BIN = fileURLToPath(new URL('../bin/flint.mjs', import.meta.url));

/** A fixture file's absolute path. */
export const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

export interface FlintResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A started `flint` process and what it printed once it ends. */
export interface RunningFlint {
  readonly child: ChildProcess;
  readonly result: Promise<FlintResult>;
}

/** Starts `node bin/flint.mjs ...args` as a user would, in `cwd`; kills it after `timeoutMs`. */
export function startFlint(args: readonly string[], opts: { cwd: string; timeoutMs?: number; env?: Record<string, string> }): RunningFlint {
  const child = spawn(process.execPath, [FLINT_BIN, ...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const result = new Promise<FlintResult>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`flint ${args.join(' ')} did not finish within ${opts.timeoutMs ?? 45_000} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, opts.timeoutMs ?? 45_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, result };
}

/** Runs `flint ...args` to the end. */
export const runFlint = (args: readonly string[], opts: { cwd: string; timeoutMs?: number; env?: Record<string, string> }): Promise<FlintResult> =>
  startFlint(args, opts).result;
