// Finds import cycles among the sources of every package and app (specs excluded) and fails
// on a runtime cycle that tools/import-cycles.baseline.json does not list. A runtime cycle is
// one through value imports: `import type` and `export type` edges load nothing, and
// dynamic `import()` runs later, so neither counts. Type-only cycles are reported, not failed.
//
//   npm run check:cycles             check against the baseline
//   npm run check:cycles -- --write  rewrite the baseline from today's cycles (only to shrink it)
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const baselinePath = join(root, 'tools/import-cycles.baseline.json');

interface Edge {
  readonly to: string;
  readonly typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && !/\.spec(-helper)?\.ts$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** `./x.js` from `file` to the `.ts` file it names (or `./x/index.ts`); null for packages. */
function resolveRelative(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(file), spec);
  for (const candidate of [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  return null;
}

function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return true;
    const clause = node.exportClause;
    return !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
  }
  const clause = node.importClause;
  if (!clause) return false; // a side-effect import loads the module
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const named = clause.namedBindings;
  return !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
}

function edgesOf(file: string): Edge[] {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const edges: Edge[] = [];
  for (const stmt of src.statements) {
    if (!(ts.isImportDeclaration(stmt) || ts.isExportDeclaration(stmt)) || !stmt.moduleSpecifier) continue;
    const to = resolveRelative(file, (stmt.moduleSpecifier as ts.StringLiteral).text);
    if (to) edges.push({ to, typeOnly: isTypeOnly(stmt) });
  }
  return edges;
}

/** Strongly connected components of more than one file (or a file importing itself), Tarjan's algorithm. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
      onStack.delete(w);
      scc.push(w);
      if (w === v) break;
    }
    if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(scc.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found.sort((a, b) => b.length - a.length);
}

const projects = ['packages', 'apps'].flatMap((top) => (existsSync(join(root, top)) ? readdirSync(join(root, top)).map((p) => join(root, top, p, 'src')) : []));
const files = projects.flatMap(sourceFiles);
const runtime = new Map<string, string[]>();
const all = new Map<string, string[]>();
for (const f of files) {
  const edges = edgesOf(f);
  runtime.set(f, edges.filter((e) => !e.typeOnly).map((e) => e.to));
  all.set(f, edges.map((e) => e.to));
}
const rel = (f: string): string => relative(root, f);
const runtimeCycles = cycles(runtime).map((c) => c.map(rel));
const typeCycles = cycles(all).map((c) => c.map(rel));

if (process.argv.includes('--write')) {
  writeFileSync(baselinePath, `${JSON.stringify({ runtime: runtimeCycles.flat().sort() }, null, 2)}\n`);
  console.log(`import cycles: baseline written (${runtimeCycles.flat().length} files in ${runtimeCycles.length} runtime cycles)`);
  process.exit(0);
}

const baseline = new Set<string>(existsSync(baselinePath) ? (JSON.parse(readFileSync(baselinePath, 'utf8')) as { runtime: string[] }).runtime : []);
const fresh = runtimeCycles.filter((c) => c.some((f) => !baseline.has(f)));
const cured = [...baseline].filter((f) => !runtimeCycles.some((c) => c.includes(f)));
for (const c of typeCycles) console.log(`type-level cycle (${c.length} files, allowed): ${c.join(' -> ')}`);
for (const c of runtimeCycles) if (!fresh.includes(c)) console.log(`known runtime cycle (${c.length} files, in the baseline): ${c.join(', ')}`);
if (cured.length) console.log(`no longer in a cycle, shrink the baseline with --write: ${cured.join(', ')}`);
for (const c of fresh) console.error(`NEW runtime import cycle (${c.length} files): ${c.join(' -> ')}`);
console.log(`import cycles: ${fresh.length} new, ${runtimeCycles.length - fresh.length} known runtime, ${typeCycles.length} type-level, ${files.length} files`);
process.exit(fresh.length ? 1 : 0);
