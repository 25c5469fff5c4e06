import nx from '@nx/eslint-plugin';
import { defineConfig } from 'eslint/config';

const tsFiles = ['**/*.ts', '**/*.tsx', '**/*.cts', '**/*.mts'];

export default defineConfig(
  { ignores: ['**/dist', '**/node_modules', '**/out-tsc', 'reports', 'coverage', '**/*.timestamp-*'] },
  // Nx's flat configs bring typescript-eslint (parser, plugin, recommended rules).
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    files: [...tsFiles, '**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: {
      // Dependency direction (DESIGN.md section 1): trainer -> strategy-* -> core,
      // backend-* -> core, apps -> anything. Plugins never import trainer.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:core', onlyDependOnLibsWithTags: ['type:core'] },
            { sourceTag: 'type:backend', onlyDependOnLibsWithTags: ['type:core'] },
            { sourceTag: 'type:strategy', onlyDependOnLibsWithTags: ['type:core'] },
            // @flint/metrics needs only core (the process group interface lives there).
            { sourceTag: 'type:metrics', onlyDependOnLibsWithTags: ['type:core'] },
            {
              sourceTag: 'type:trainer',
              onlyDependOnLibsWithTags: ['type:core', 'type:strategy', 'type:backend'],
            },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
      'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: tsFiles,
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // The trainer reaches metric objects duck-typed (module/loggable-metric.ts); only its tests
    // import @flint/metrics, to prove the integration with the real package.
    files: ['packages/trainer/tests/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [{ sourceTag: 'type:trainer', onlyDependOnLibsWithTags: ['type:core', 'type:strategy', 'type:backend', 'type:metrics'] }],
        },
      ],
    },
  },
  {
    // Tool configs import the shared root config; they are not part of the package graph.
    files: ['**/vitest.config.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
);
