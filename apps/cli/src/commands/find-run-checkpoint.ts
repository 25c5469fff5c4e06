import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliUsageError } from '../errors.js';

/** The newest `lightning_logs/version_N` under `root` that has a `checkpoints` folder. */
function newestCheckpointDir(root: string): string | undefined {
  const logs = join(root, 'lightning_logs');
  if (!existsSync(logs)) return undefined;
  const versions = readdirSync(logs)
    .map((v) => /^version_(\d+)$/.exec(v))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]));
  for (const m of versions) {
    const dir = join(logs, m[0], 'checkpoints');
    if (existsSync(dir)) return dir;
  }
  return undefined;
}

const globalStepOf = (ckpt: string): number => {
  try {
    return (JSON.parse(readFileSync(join(ckpt, 'state.json'), 'utf8')) as { globalStep?: number }).globalStep ?? -1;
  } catch {
    return -1;
  }
};

/**
 * `--ckpt-path last|best` in a fresh process, where no ModelCheckpoint remembers anything:
 * both look in the newest `lightning_logs/version_N/checkpoints` under the trainer's
 * defaultRootDir. `last` is its `last` checkpoint, else the one with the highest global step;
 * `best` is its only top-k checkpoint (with several, the user must name one). Any other value
 * is a path, returned as given.
 */
export function findRunCheckpoint(ckptPath: string, defaultRootDir: string, cwd: string): string {
  if (ckptPath !== 'last' && ckptPath !== 'best') return ckptPath;
  const root = resolve(cwd, defaultRootDir);
  const dir = newestCheckpointDir(root);
  if (!dir) throw new CliUsageError(`--ckpt-path ${ckptPath}: no checkpoints under ${join(root, 'lightning_logs')} (run flint fit first, or give a path)`);
  const all = readdirSync(dir).filter((n) => statSync(join(dir, n)).isDirectory() && existsSync(join(dir, n, 'state.json')));
  const topK = all.filter((n) => n !== 'last');
  if (ckptPath === 'last') {
    if (all.includes('last')) return join(dir, 'last');
    const newest = topK.map((n) => join(dir, n)).sort((a, b) => globalStepOf(b) - globalStepOf(a))[0];
    if (newest) return newest;
  } else if (topK.length === 1) {
    return join(dir, topK[0]);
  } else if (topK.length > 1) {
    throw new CliUsageError(`--ckpt-path best: ${dir} holds ${topK.length} checkpoints (${topK.join(', ')}); give the one you mean as a path`);
  }
  throw new CliUsageError(`--ckpt-path ${ckptPath}: no checkpoint in ${dir}`);
}
