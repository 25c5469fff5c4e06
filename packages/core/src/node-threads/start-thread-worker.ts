import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const SOURCE_CONDITION = '@flint/source';

/** Whether a module URL names a TypeScript file. */
export const isTypeScriptUrl = (url: string): boolean => /\.[cm]?tsx?$/.test(new URL(url).pathname);

/** The parent's `--conditions` flags, so package imports in the worker resolve alike. */
function parentConditions(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--conditions=') || a.startsWith('-C=')) out.push(a);
    else if ((a === '--conditions' || a === '-C') && argv[i + 1]) out.push(`--conditions=${argv[++i]}`);
  }
  return out;
}

/** URL of tsx's ESM register API (vitest's module runner has no import.meta.resolve). */
function tsxEsmApi(): string {
  const resolveEsm = (import.meta as { resolve?: (s: string) => string }).resolve;
  if (typeof resolveEsm === 'function') {
    try {
      return resolveEsm('tsx/esm/api');
    } catch {
      // fall through to the CommonJS resolver
    }
  }
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  return pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
}

export interface StartThreadWorkerOptions extends WorkerOptions {
  /** The thread will load TypeScript even though `script` is JavaScript (a .ts user module). */
  loadsTypeScript?: boolean;
}

/**
 * Starts a worker thread on `script`. When TypeScript is involved (running from source under
 * tsx or vitest), Node 20 does not carry the parent's module hooks into threads, so a small
 * bootstrap registers both of tsx's loaders first (as `--import tsx` would); a TypeScript
 * `script` also means the monorepo's `@flint/source` condition is in use, so it is passed on.
 */
export function startThreadWorker(script: URL, { loadsTypeScript = false, ...options }: StartThreadWorkerOptions = {}): Worker {
  const scriptIsTs = isTypeScriptUrl(script.href);
  if (!scriptIsTs && !loadsTypeScript) return new Worker(script, options);
  const tsxCjsApi = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const code =
    `require(${JSON.stringify(tsxCjsApi)}).register();` +
    `import(${JSON.stringify(tsxEsmApi())}).then((m) => { m.register(); return import(${JSON.stringify(script.href)}); });`;
  const conditions = scriptIsTs ? [...parentConditions(), `--conditions=${SOURCE_CONDITION}`] : parentConditions();
  return new Worker(code, { ...options, eval: true, execArgv: [...new Set(conditions)] });
}
