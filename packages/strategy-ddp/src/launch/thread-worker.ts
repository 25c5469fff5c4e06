import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const isTs = (url: string): boolean => /\.[cm]?tsx?$/.test(new URL(url).pathname);

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

/**
 * Starts a worker thread on `script`. Running from TypeScript sources (tsx, vitest), Node 20
 * does not carry the parent's loader into threads, so a small bootstrap registers tsx first and
 * the `@flint/source` condition is passed on (the same approach as core's data-loader workers).
 */
export function startThreadWorker(script: URL, options: WorkerOptions): Worker {
  if (!isTs(script.href)) return new Worker(script, options);
  const tsxCjsApi = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const code =
    `require(${JSON.stringify(tsxCjsApi)}).register();` +
    `import(${JSON.stringify(tsxEsmApi())}).then((m) => { m.register(); return import(${JSON.stringify(script.href)}); });`;
  const conditions = [...parentConditions(), '--conditions=@flint/source'];
  return new Worker(code, { ...options, eval: true, execArgv: [...new Set(conditions)] });
}
