import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ParsedArgs } from '../args/parse-args.js';
import { ModuleFileError } from '../errors.js';
import type { CliIo } from './cli-io.js';

const EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/**
 * `flint exec script [args...]`: imports the script in this process, which `bin/flint.mjs`
 * started with the tsx loader, the repository tsconfig and the `@flint/source` condition.
 * `process.argv` becomes `[node, script, ...args]`, as under `node script.ts args`, so argument
 * parsers and a DDP strategy that starts its ranks again from `process.argv` see the script.
 * A missing file or an unknown extension is a `ModuleFileError` naming it; an error the script
 * throws propagates (the CLI prints it and exits 1).
 */
export async function runExecCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const file = args.positionals[0];
  const script = resolve(io.cwd, file);
  if (!existsSync(script)) throw new ModuleFileError(file, `script '${file}' not found (looked for ${script})`);
  if (!statSync(script).isFile()) throw new ModuleFileError(file, `script '${file}' is not a file`);
  if (!EXTENSIONS.includes(extname(script))) throw new ModuleFileError(file, `script '${file}' must be ${EXTENSIONS.join(', ')}`);
  process.argv = [process.argv[0], script, ...args.passThrough];
  await import(pathToFileURL(script).href);
  return 0;
}
