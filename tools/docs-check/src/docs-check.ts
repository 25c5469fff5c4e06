/**
 * `npm run docs:check`: every ```ts block of every README, type-checked against the packages'
 * sources, and every ```ts runnable block run with `flint exec`. Prints one line per problem as
 * `README:LINE: message` and ends with `docs:check: <n> blocks type-check, <m> run` (exit 0) or
 * the failure count (exit 1).
 *
 * Each block becomes one module under tmp/docs-check/ (inside the repository, so `@flint/*`
 * resolve through the workspace with the `@flint/source` condition) and one `tsc` program checks
 * them all with the repository's compiler options. A block must stand alone: fragments declare
 * what they use (`declare const loader: DataLoader<Batch>`), so the README says it too.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readmeBlocks, type DocBlock } from './extract-blocks.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const outDir = join(root, 'tmp', 'docs-check');
const RUN_TIMEOUT_MS = 180_000;

/** A block's module file name: the README path and line, readable in tsc's output. */
const moduleName = (b: DocBlock): string => `${b.file.replace(/[^A-Za-z0-9]+/g, '_')}_L${b.line}.ts`;

/** Blocks without an import or export are still modules, so top-level await and names stay local. */
const asModule = (code: string): string => (/^\s*(import|export)\s/m.test(code) ? code : `${code}\nexport {};`);

function typeCheck(blocks: readonly DocBlock[]): string[] {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const byName = new Map<string, DocBlock>();
  for (const b of blocks) {
    byName.set(moduleName(b), b);
    writeFileSync(join(outDir, moduleName(b)), asModule(b.code));
  }
  const tsconfig = {
    extends: '../../tsconfig.base.json',
    compilerOptions: { composite: false, declaration: false, declarationMap: false, noEmit: true, types: ['node'] },
    include: ['*.ts'],
  };
  writeFileSync(join(outDir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(outDir, 'tsconfig.json'), '--pretty', 'false'], { cwd: root, encoding: 'utf8' });
  const problems: string[] = [];
  const where = /^(?:.*[\\/])?tmp[\\/]docs-check[\\/]([^(]+)\((\d+),(\d+)\): (.*)$/;
  for (const line of `${r.stdout}${r.stderr}`.split('\n')) {
    const m = where.exec(line.trim());
    const block = m ? byName.get(m[1]) : undefined;
    if (m && block) problems.push(`${block.file}:${block.line + Number(m[2]) - 1}:${m[3]}: ${m[4]}`);
    else if (line.includes('error TS')) problems.push(line.trim());
  }
  if (r.status !== 0 && problems.length === 0) problems.push(`tsc exited with ${r.status}: ${r.stdout}${r.stderr}`.trim());
  return problems;
}

function run(block: DocBlock): string | null {
  const file = join(outDir, moduleName(block));
  const r = spawnSync(process.execPath, [join(root, 'apps/cli/bin/flint.mjs'), 'exec', file], {
    cwd: root,
    encoding: 'utf8',
    timeout: RUN_TIMEOUT_MS,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  if (r.status === 0) return null;
  const why = r.error ? r.error.message : `exit ${r.status ?? r.signal}`;
  const tail = `${r.stdout}${r.stderr}`.trim().split('\n').slice(-8).join('\n    ');
  return `${block.file}:${block.line}: the runnable block failed (${why})\n    ${tail}`;
}

const blocks = readmeBlocks(root);
const problems = typeCheck(blocks);
const runnable = problems.length === 0 ? blocks.filter((b) => b.runnable) : [];
for (const b of runnable) {
  const failure = run(b);
  if (failure) problems.push(failure);
  else console.log(`docs:check: ran ${b.file}:${b.line}`);
}
for (const p of problems) console.log(p);
if (problems.length > 0) {
  console.log(`docs:check: ${problems.length} problem(s) in ${blocks.length} blocks`);
  process.exitCode = 1;
} else {
  console.log(`docs:check: ${blocks.length} blocks type-check, ${runnable.length} run`);
}
