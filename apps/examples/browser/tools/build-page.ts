import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The page's folder (index.html and src/). */
export const PAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where `buildPage` writes by default (ignored by git). */
export const DEFAULT_OUT_DIR = join(PAGE_DIR, 'dist');

/**
 * Bundles the page with esbuild for browsers: `src/main.ts` (and every Flint package it
 * reaches, from TypeScript sources through the `@flint/source` condition) into `main.js`,
 * the DataLoader's Web Worker script into `data-worker.js`, next to a copy of `index.html`. Returns the output folder.
 */
export async function buildPage(outDir = DEFAULT_OUT_DIR): Promise<string> {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: { main: join(PAGE_DIR, 'src/main.ts'), 'data-worker': join(PAGE_DIR, 'src/mnist-data-worker.ts') },
    outdir: outDir,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    conditions: ['@flint/source'],
    minify: true,
    // Flint's errors take their `name` from the class (`new.target.name`): keep class names.
    keepNames: true,
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  await copyFile(join(PAGE_DIR, 'index.html'), join(outDir, 'index.html'));
  return outDir;
}
