// `flint info` as a user runs it: versions, plugins loaded through the trainer's loader, devices.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runFlint } from './run-flint.js';

const version = (pkg: string): string =>
  (JSON.parse(readFileSync(new URL(`../../../packages/${pkg}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;

interface Info {
  flint: string;
  node: string;
  packages: { name: string; version: string | null }[];
  plugins: { kind: string; alias: string; packageName: string; status: string }[];
  devices: { device: string; name: string }[];
  notes: string[];
}

describe('flint info', () => {
  it('reports versions, installed plugins and devices with names, as JSON and as text', async () => {
    const json = await runFlint(['info', '--json'], { cwd: tmpdir() });
    expect(json.code, json.stderr).toBe(0);
    const info = JSON.parse(json.stdout) as Info;
    expect(info.flint).toBe(version('trainer'));
    expect(info.node).toBe(process.version);
    expect(info.packages).toContainEqual({ name: '@flint/core', version: version('core') });
    expect(info.packages).toContainEqual({ name: '@flint/strategy-ddp', version: version('strategy-ddp') });
    expect(info.plugins).toContainEqual({ kind: 'strategy', alias: 'ddp', packageName: '@flint/strategy-ddp', status: 'installed' });
    expect(info.plugins).toContainEqual({ kind: 'accelerator', alias: 'webgpu', packageName: '@flint/backend-webgpu', status: 'installed' });
    expect(info.devices[0].device).toBe('cpu');
    expect(info.devices[0].name).toMatch(/\(\d+ logical cores\)$/);
    // WebGPU: either adapters with names, or a note saying there is none; never both.
    const gpus = info.devices.filter((d) => d.device.startsWith('webgpu:'));
    if (gpus.length > 0) {
      expect(gpus.map((d) => d.device)).toEqual(gpus.map((_, i) => `webgpu:${i}`));
      for (const g of gpus) expect(g.name.length).toBeGreaterThan(0);
      expect(info.notes.filter((n) => n.startsWith('webgpu'))).toEqual([]);
    } else {
      expect(info.notes).toContain('webgpu: no adapter found');
    }

    const text = await runFlint(['info'], { cwd: tmpdir() });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`Flint ${info.flint}`);
    expect(text.stdout).toMatch(/strategy 'ddp'\s+@flint\/strategy-ddp\s+installed/);
    for (const d of info.devices) expect(text.stdout).toMatch(new RegExp(`^  ${d.device}\\s+${d.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  });
});
