import type { CommandSpec } from '../args/flag-spec.js';

/** `flint exec`'s positionals and help. */
export const EXEC_SPEC: CommandSpec = {
  name: 'exec',
  summary: 'run a TypeScript or JavaScript file with Flint loaded (decorators, @flint/* sources), in or outside the repo',
  positionals: [{ name: 'script', description: 'the .ts/.mts/.js/.mjs file to run; arguments after it go to the script', required: true }],
  passThroughAfterPositionals: true,
  flags: [],
  epilog: `The script runs in this process as \`node script.ts args...\` would run it (process.argv[2] is
its first argument), with the tsx loader, the repository's tsconfig (the trainer's decorators)
and the @flint/source condition, so no build is needed. A script outside the checkout imports
@flint/* and the checkout's other packages as if it lived inside it.

Example:
  npx flint exec train.ts --epochs 3
  npm run flint -- exec ~/experiments/mnist.ts`,
};
