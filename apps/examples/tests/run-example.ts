import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = new URL('../../../', import.meta.url).pathname;

/** Runs an example the way its header says: `npx flint exec apps/examples/src/FILE ...args`. */
export function runExample(file: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'apps/cli/bin/flint.mjs'), 'exec', join(repoRoot, 'apps/examples/src', file), ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

