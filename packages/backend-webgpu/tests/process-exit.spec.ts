import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { webgpuReady } from './webgpu-available.js';

const ready = await webgpuReady();
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');

describe.skipIf(!ready)('process lifetime', () => {
  it('a script that trained on webgpu exits by itself within 2 s of its end', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@flint/source', resolve(here, 'scripts/train-few-steps.ts')], {
      cwd: root,
      env: { ...process.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let endedAt = 0;
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (!endedAt && out.includes('script-end')) endedAt = Date.now();
    });
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const code = await new Promise<number | null>((res) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('exit', (c) => {
        clearTimeout(kill);
        res(c);
      });
    });
    const exitedAfter = Date.now() - endedAt;
    expect(out).toContain('script-end');
    expect(code, out).toBe(0);
    expect(exitedAfter).toBeLessThan(2000);
  });
});
