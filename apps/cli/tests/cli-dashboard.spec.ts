// `flint fit --dashboard [--port P]`, `--trainer.profiler` and `flint dashboard RUN_DIR`, as a user runs them.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FLINT_BIN, fixture, runFlint, type FlintResult } from './run-flint.js';

describe('flint fit --dashboard / --trainer.profiler, flint dashboard', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'flint-cli-dashboard-'));
  const run = join(cwd, 'lightning_logs', 'version_0');
  let fit: FlintResult;
  beforeAll(async () => {
    fit = await runFlint(['fit', fixture('tiny-regression.ts'), '--trainer.maxEpochs', '2', '--accelerator', 'cpu', '--dashboard', '--port', '0', '--trainer.profiler', 'simple', '--enable-progress-bar', 'false'], { cwd });
  });

  it('fit serves the dashboard while it runs, then prints the profiler table and writes the trace', () => {
    expect(fit.code, fit.stderr).toBe(0);
    expect(fit.stdout).toMatch(/^flint dashboard: http:\/\/127\.0\.0\.1:\d+\/$/m);
    expect(fit.stdout).toContain('fit finished after 2 epochs');
    expect(fit.stdout).toMatch(/^\| run_training_batch +\| \d+\.\d{5} +\| 16 /m);
    const trace = JSON.parse(readFileSync(join(run, 'fit-trace.json'), 'utf8')) as { traceEvents: { name: string }[] };
    expect(trace.traceEvents.filter((e) => e.name === 'run_training_batch')).toHaveLength(16);
    expect(existsSync(join(run, 'fit-profile.json'))).toBe(true);
  });

  it('dashboard RUN_DIR serves the finished run until SIGTERM', async () => {
    const child = spawn(process.execPath, [FLINT_BIN, 'dashboard', run, '--port', '0'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^flint dashboard: (\S+)$/m.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`flint dashboard exited ${code}: ${stderr}`)));
    });
    const history = (await (await fetch(`${url}history`)).json()) as { type: string; metrics?: Record<string, number> }[];
    const csvRows = readFileSync(join(run, 'metrics.csv'), 'utf8').trim().split('\n').length - 1;
    expect(history.filter((e) => e.type === 'metrics')).toHaveLength(csvRows);
    expect(history.at(-1)).toMatchObject({ type: 'runEnd', status: 'finished' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses a profiler it does not know, listing the choices', async () => {
    const r = await runFlint(['fit', fixture('tiny-regression.ts'), '--trainer.profiler', 'pytorch'], { cwd });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/profiler.*simple.*advanced/);
  });
});
