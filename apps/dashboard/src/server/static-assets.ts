import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** A file the server sends as is. */
export interface StaticAsset {
  readonly path: string;
  readonly contentType: string;
}

const require = createRequire(import.meta.url);
const own = (name: string): string => fileURLToPath(new URL(`../client/${name}`, import.meta.url));

/**
 * The page and its scripts by URL path. uPlot comes from node_modules (the `uplot` package this
 * app depends on), never from a CDN, so the page works on a machine with no internet.
 */
export const STATIC_ASSETS: ReadonlyMap<string, StaticAsset> = new Map([
  ['/', { path: own('index.html'), contentType: 'text/html; charset=utf-8' }],
  ['/dashboard.js', { path: own('dashboard.js'), contentType: 'text/javascript; charset=utf-8' }],
  ['/dashboard.css', { path: own('dashboard.css'), contentType: 'text/css; charset=utf-8' }],
  ['/vendor/uPlot.iife.min.js', { path: require.resolve('uplot/dist/uPlot.iife.min.js'), contentType: 'text/javascript; charset=utf-8' }],
  ['/vendor/uPlot.min.css', { path: require.resolve('uplot/dist/uPlot.min.css'), contentType: 'text/css; charset=utf-8' }],
]);

const cache = new Map<string, Buffer>();

/** The bytes of an asset, read once. */
export async function assetBytes(asset: StaticAsset): Promise<Buffer> {
  let b = cache.get(asset.path);
  if (!b) {
    b = await readFile(asset.path);
    cache.set(asset.path, b);
  }
  return b;
}
