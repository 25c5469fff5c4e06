import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ModuleFileError } from '../errors.js';

const EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

/** A user's module file, imported: its path and its exports. */
export interface LoadedModuleFile {
  /** As the user wrote it, for messages. */
  readonly file: string;
  readonly path: string;
  readonly exports: Readonly<Record<string, unknown>>;
}

/**
 * Imports the module file a command names (TypeScript runs through the tsx loader the `flint`
 * launcher starts Node with). A missing file, a wrong extension or a failing import is a
 * `ModuleFileError` naming the file.
 */
export async function loadModuleFile(file: string, cwd = process.cwd()): Promise<LoadedModuleFile> {
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new ModuleFileError(file, `module file '${file}' not found (looked for ${path})`);
  if (!statSync(path).isFile()) throw new ModuleFileError(file, `module file '${file}' is not a file`);
  if (!EXTENSIONS.includes(extname(path))) {
    throw new ModuleFileError(file, `module file '${file}' must be ${EXTENSIONS.join(', ')}`);
  }
  let exports: Record<string, unknown>;
  try {
    exports = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new ModuleFileError(file, `importing module file '${file}' failed: ${why}`, { cause: e });
  }
  return { file, path, exports };
}
