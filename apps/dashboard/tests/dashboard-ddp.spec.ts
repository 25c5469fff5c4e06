import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DashboardEvent } from '../src/index.js';

const repoRoot = new URL('../../../', import.meta.url).pathname;
const script = new URL('./fixtures/ddp-dashboard-main.ts', import.meta.url).pathname;

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe('dashboard with DDP over 2 process ranks', () => {
  it('shows the status of both ranks: rank 0 in process, rank 1 posted over HTTP', async () => {
    const out = mkdtempSync(join(tmpdir(), 'flint-dashboard-ddp-'));
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.base.json') };
    for (const k of ['RANK', 'WORLD_SIZE', 'LOCAL_RANK', 'MASTER_PORT']) delete env[k];
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@flint/source', script, out, String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('exit', (c) => resolve({ code: c, output }));
    });
    expect(code, output).toBe(0);
    const history = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')) as DashboardEvent[];
    const statuses = history.filter((e) => e.type === 'status');
    expect(new Set(statuses.map((s) => s.rank))).toEqual(new Set([0, 1]));
    for (const s of statuses) {
      expect(s.device).toBe('cpu');
      expect(s.stepMs).toBeGreaterThan(0);
      expect(s.globalStep).toBeGreaterThanOrEqual(1);
    }
    // Rank 0's own events: 128 samples over 2 ranks in batches of 16 -> 4 steps.
    const steps = history.filter((e) => e.type === 'batchEnd' && e.stage === 'train').map((e) => (e.type === 'batchEnd' ? e.globalStep : -1));
    expect(steps).toEqual([1, 2, 3, 4]);
  }, 90_000);
});
