import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The publishable packages as a user gets them: `npm pack` of each (the test target depends on
// their `build`), installed from the tarballs into projects outside the repo, with npm (--prefer-offline)
// (third-party dependencies come from the npm cache `npm ci` filled).
const repo = resolve(fileURLToPath(import.meta.url), '../../../..');
const fixture = fileURLToPath(new URL('./fixtures/train.mjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'flint-install-'));

function pack(pkg: string): string {
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', join(root, 'tarballs')], {
    cwd: join(repo, 'packages', pkg),
    encoding: 'utf8',
  });
  const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  if (!info) throw new Error(`npm pack of packages/${pkg} printed no tarball`);
  return join(root, 'tarballs', info.filename);
}

function project(name: string, tarballs: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const dependencies = { ...Object.fromEntries(Object.entries(tarballs).map(([n, t]) => [n, `file:${t}`])), rxjs: '7.8.2', tsyringe: '4.10.0' };
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module', dependencies }, null, 2));
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: dir, stdio: 'pipe' });
  copyFileSync(fixture, join(dir, 'train.mjs'));
  return dir;
}

function train(dir: string, ...args: string[]) {
  return spawnSync(process.execPath, ['train.mjs', ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
}

describe('the packed packages installed into a fresh project', () => {
  let tarballs: Record<string, string> = {};
  beforeAll(() => {
    mkdirSync(join(root, 'tarballs'));
    tarballs = {
      '@flint/core': pack('core'),
      '@flint/trainer': pack('trainer'),
      '@flint/strategy-ddp': pack('strategy-ddp'),
    };
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('ship only dist and the manifest', () => {
    for (const pkg of ['core', 'trainer', 'strategy-ddp', 'backend-webgpu', 'strategy-dp', 'metrics']) {
      const out = execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: join(repo, 'packages', pkg), encoding: 'utf8' });
      const [info] = JSON.parse(out) as { files: { path: string }[] }[];
      const paths = info!.files.map((f) => f.path);
      expect(paths, pkg).toContain('package.json');
      expect(paths.some((p) => p === 'dist/index.js'), pkg).toBe(true);
      expect(paths.filter((p) => !/^(dist\/|package\.json$|README\.md$|CHANGELOG\.md$|LICENSE$)/.test(p)), pkg).toEqual([]);
      expect(paths.filter((p) => /\.(spec|test)\.|tsbuildinfo$/.test(p)), pkg).toEqual([]);
    }
  });

  it("trains with strategy 'ddp' on 2 devices from the installed tarballs", () => {
    const dir = project('with-ddp', tarballs);
    const run = train(dir, 'ddp', '2');
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { steps: number; loss: number };
    // 64 samples, batch 16, 2 ranks -> 2 steps per epoch, 2 epochs.
    expect(result.steps).toBe(4);
    expect(Number.isFinite(result.loss)).toBe(true);
  }, 240_000);

  it("without @flint/strategy-ddp installed, strategy 'ddp' names the package to install", () => {
    const { '@flint/strategy-ddp': _, ...withoutDdp } = tarballs;
    const dir = project('without-ddp', withoutDdp);
    expect(readdirSync(join(dir, 'node_modules/@flint')).sort()).toEqual(['core', 'trainer']);
    const run = train(dir, 'ddp', '2');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("strategy 'ddp' needs @flint/strategy-ddp: npm install @flint/strategy-ddp");
  }, 120_000);
});
