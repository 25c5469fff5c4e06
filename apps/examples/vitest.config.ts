import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const projectDir = dirname(fileURLToPath(import.meta.url));
const projectName = basename(projectDir);
// Workspace packages resolve to their TypeScript sources (package.json "exports").
// Vitest appends its default conditions; the node environment resolves through `ssr`.
const conditions = ['@flint/source'];

export default defineConfig({
  root: projectDir,
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    environment: 'node',
    include: ['src/**/*.spec.ts', 'tests/**/*.spec.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', 'json'],
    // Read by tools/ci-summary.mjs; keep in sync with the test target's "outputs" in project.json.
    outputFile: { json: resolve(projectDir, '../../reports/vitest', `${projectName}.json`) },
  },
});
