import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FixtureSource } from './fixture-source.js';

/** The repository root: the nearest directory above this file that holds `nx.json`. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

/** `FLINT_GOLDEN_DIR`, else the copy committed in the repository, `<repoRoot>/fixtures/torch-golden`. */
export function defaultGoldenDir(): string {
  return process.env.FLINT_GOLDEN_DIR ?? resolve(repoRoot(), 'fixtures', 'torch-golden');
}

/** Reads golden fixtures from a directory on disk (Node only). */
export function nodeFixtureSource(dir: string = defaultGoldenDir()): FixtureSource {
  const root = resolve(dir);
  return {
    location: root,
    readText: (path) => readFile(join(root, path), 'utf8'),
    readBytes: async (path) => new Uint8Array(await readFile(join(root, path))),
  };
}
