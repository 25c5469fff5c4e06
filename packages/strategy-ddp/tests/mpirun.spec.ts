import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../src/index.js';
import { trainSingle } from './fixtures/mlp-train.js';

const hasMpirun = existsSync('/usr/bin/mpirun');

describe.skipIf(!hasMpirun)("Debian's mpirun (openmpi-bin)", () => {
  it('starts 2 ranks that train the MLP in step, like one device on the global batch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flint-mpi-'));
    const port = await freePort();
    const script = new URL('./fixtures/mpi-rank.ts', import.meta.url).pathname;
    execFileSync(
      'mpirun',
      ['--oversubscribe', '--allow-run-as-root', '-np', '2', '-x', 'MASTER_ADDR=127.0.0.1', '-x', `MASTER_PORT=${port}`, '-x', `RESULT_DIR=${dir}`,
        process.execPath, '--import', 'tsx', '--conditions=@flint/source', script],
      { stdio: 'inherit', timeout: 90_000, cwd: new URL('..', import.meta.url).pathname },
    );
    const [a, b] = [0, 1].map((r) => JSON.parse(readFileSync(join(dir, `rank-${r}.json`), 'utf8')) as { source: string; params: number[]; hashes: string[] });
    expect(a.source).toBe('openmpi');
    expect(a.hashes).toEqual(b.hashes);
    const single = trainSingle();
    for (let i = 0; i < single.length; i++) expect(Math.abs(a.params[i] - single[i])).toBeLessThanOrEqual(1e-5 * Math.max(1e-3, Math.abs(single[i])));
  }, 120_000);
});
