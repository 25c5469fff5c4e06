#!/usr/bin/env node
// `flint`: runs the CLI from its TypeScript sources. Node is started again with the tsx loader,
// the monorepo's `@flint/source` export condition and tsconfig.base.json (the trainer's DI
// classes need experimentalDecorators), so user module files in TypeScript load the same way.
// repo-resolve.mjs lets a file outside the checkout import `@flint/*` (and the checkout's other
// packages) as if it were inside it, which `flint exec` relies on.
// Signals are forwarded to that process, and its exit code or signal becomes ours.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dawnWarningFilter } from './dawn-warning-filter.mjs';

const require = createRequire(import.meta.url);
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const tsconfig = fileURLToPath(new URL('../../../tsconfig.base.json', import.meta.url));
const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
const repoResolve = new URL('./repo-resolve.mjs', import.meta.url).href;

const child = spawn(
  process.execPath,
  ['--conditions=@flint/source', '--import', tsxLoader, '--import', repoResolve, main, ...process.argv.slice(2)],
  { stdio: ['inherit', 'inherit', 'pipe'], env: { TSX_TSCONFIG_PATH: tsconfig, ...process.env } },
);
// stderr passes through a filter that drops Dawn's adapter-limit notice (dawn-warning-filter.mjs).
const stderr = dawnWarningFilter(process.stderr);
child.stderr.on('data', (chunk) => stderr.write(chunk));
child.stderr.on('end', () => stderr.end());
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const forward = (signal) => {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
};
for (const s of SIGNALS) process.on(s, forward);
child.on('close', (code, signal) => {
  for (const s of SIGNALS) process.off(s, forward);
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
