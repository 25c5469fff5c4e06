import { build, type Plugin } from 'esbuild';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The browser entry point of each browser-safe package (its `.` export). */
const ENTRIES = {
  '@flint/core': 'packages/core/src/index.ts',
  '@flint/backend-webgpu': 'packages/backend-webgpu/src/index.ts',
  '@flint/trainer': 'packages/trainer/src/index.ts',
} as const;

const NODE_BUILTIN = new RegExp(`^(node:.*|${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})(/.*)?$`);

/** Records every Node built-in the bundle reaches (and by whom) instead of failing at the first. */
function nodeImportRecorder(found: string[]): Plugin {
  return {
    name: 'node-import-recorder',
    setup(b) {
      b.onResolve({ filter: NODE_BUILTIN }, (args) => {
        found.push(`${args.importer.replace(root, '')} imports ${args.path}`);
        return { path: args.path, external: true };
      });
    },
  };
}

/** Bundles an entry as a browser would get it: esbuild, platform browser, minified. */
async function bundleForBrowser(entry: string, conditions: string[]): Promise<{ bytes: Uint8Array; nodeImports: string[]; warnings: string[] }> {
  const nodeImports: string[] = [];
  const result = await build({
    entryPoints: [root + entry],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    conditions,
    minify: true,
    logLevel: 'silent',
    plugins: [nodeImportRecorder(nodeImports)],
  });
  const warnings = result.warnings.map((w) => `${w.location?.file ?? ''}: ${w.text}`);
  return { bytes: result.outputFiles[0].contents, nodeImports, warnings };
}

describe('browser entry points', () => {
  for (const [pkg, entry] of Object.entries(ENTRIES)) {
    it(`${pkg} bundles for the browser with no node: import`, async () => {
      const { bytes, nodeImports, warnings } = await bundleForBrowser(entry, ['@flint/source']);
      expect(nodeImports, `${pkg}'s browser entry reaches Node built-ins`).toEqual([]);
      // e.g. a polyfill import dropped because of "sideEffects": false
      expect(warnings, `${pkg}: esbuild warnings`).toEqual([]);
      const gz = gzipSync(bytes).length;
      console.log(`${pkg}: ${(bytes.length / 1024).toFixed(1)} KiB minified, ${(gz / 1024).toFixed(1)} KiB minified+gzipped`);
      expect(bytes.length).toBeGreaterThan(1000);
    });
  }

  it('the recorder catches a Node-only entry (the check can fail)', async () => {
    const { nodeImports } = await bundleForBrowser('packages/trainer/src/node.ts', ['@flint/source']);
    expect(nodeImports.some((s) => s.includes('node:fs/promises'))).toBe(true);
  });
});
