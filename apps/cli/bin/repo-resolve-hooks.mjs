// Module resolve hooks (node:module register) of every process `flint` starts, for user files
// outside this checkout (`flint exec ~/train.ts`):
// - a bare import that Node cannot resolve from the importing file (`@flint/core` where no
//   node_modules holds Flint) is resolved again from the Flint checkout, so the script sees the
//   same packages as one inside the repository;
// - a `.ts`/`.tsx` file in a folder with no package.json "type" (a loose script in ~) loads as an
//   ES module, as Node's own syntax detection would take it, instead of tsx's CommonJS default,
//   which rejects top-level await and import.meta.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root package.json, the parent the retry resolves from (set by `initialize`). */
let repoParentUrl;

export function initialize(data) {
  repoParentUrl = data.repoParentUrl;
}

const isBare = (s) => !/^(\.{0,2}\/|[a-zA-Z][a-zA-Z\d+.-]*:|#)/.test(s);

/** Whether the nearest package.json above `file` declares a "type" (none found: false). */
function hasDeclaredType(file) {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        return JSON.parse(readFileSync(pkg, 'utf8')).type !== undefined;
      } catch {
        return true; // a package.json Node cannot read either: leave the decision to Node
      }
    }
    if (dirname(dir) === dir) return false;
  }
}

function asModuleWhenTypeless(result) {
  if (result.format !== 'commonjs' || !/^file:.*\.tsx?$/.test(result.url) || result.url.includes('/node_modules/')) return result;
  return hasDeclaredType(fileURLToPath(result.url)) ? result : { ...result, format: 'module' };
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return asModuleWhenTypeless(await nextResolve(specifier, context));
  } catch (e) {
    if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !isBare(specifier) || context.parentURL === repoParentUrl) throw e;
    try {
      return asModuleWhenTypeless(await nextResolve(specifier, { ...context, parentURL: repoParentUrl }));
    } catch {
      throw e;
    }
  }
}
