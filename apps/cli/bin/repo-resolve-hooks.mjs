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

/** CommonJS as tsx (Node 20) or Node's type stripping (Node 22.6+: 'commonjs-typescript') names it. */
const AS_MODULE = { commonjs: 'module', 'commonjs-typescript': 'module-typescript' };

function asModuleWhenTypeless(result) {
  const format = AS_MODULE[result.format];
  if (!format || !/^file:.*\.tsx?$/.test(result.url) || result.url.includes('/node_modules/')) return result;
  return hasDeclaredType(fileURLToPath(result.url)) ? result : { ...result, format };
}

/** One resolve step (`next` returns the result of the hooks registered before this one). */
function resolveWith(specifier, context, next) {
  let result;
  try {
    result = next(specifier, context);
  } catch (e) {
    if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !isBare(specifier) || context.parentURL === repoParentUrl) throw e;
    try {
      result = next(specifier, { ...context, parentURL: repoParentUrl });
    } catch {
      throw e;
    }
  }
  return asModuleWhenTypeless(result);
}

/** The async hook `module.register` runs off-thread (Node 20). */
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

/** The in-thread hook `module.registerHooks` runs (Node 22.15+), where tsx registers its own. */
export const resolveSync = resolveWith;
