import { basename, resolve } from 'node:path';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

/**
 * The vitest config every project uses: workspace packages resolve to their TypeScript
 * sources through the `@flint/source` export condition (vitest's node environment resolves
 * through `ssr`), and a JSON report per project lands in reports/vitest/<folder>.json, which
 * tools/ci-summary.mjs reads and each project's test target lists as an output.
 */
export function flintVitestConfig(projectDir: string): ViteUserConfig {
  const conditions = ['@flint/source'];
  return defineConfig({
    root: projectDir,
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: {
      environment: 'node',
      include: ['src/**/*.spec.ts', 'tests/**/*.spec.ts'],
      testTimeout: 60_000,
      pool: 'forks',
      reporters: ['default', 'json'],
      outputFile: { json: resolve(projectDir, '../../reports/vitest', `${basename(projectDir)}.json`) },
    },
  });
}
