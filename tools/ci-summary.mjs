// Sums the vitest JSON reports under reports/vitest/ and prints the closing CI line:
// "N passed, N failed[, N skipped]". Exits non-zero if `npm test` failed (--npm-test-rc),
// if any test or suite failed, any --check failed, or if no test ran. Each --check NAME=RC (a CI
// step outside vitest: a source scan, a smoke run on another Node) counts as one test.
// Usage: node tools/ci-summary.mjs [--npm-test-rc N] [--since EPOCH_MS] [--check NAME=RC ...]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    'npm-test-rc': { type: 'string', default: '0' },
    since: { type: 'string', default: '0' },
    check: { type: 'string', multiple: true, default: [] },
  },
});
const npmTestRc = Number(values['npm-test-rc']);
const since = Number(values.since);
const dir = resolve(import.meta.dirname, '..', 'reports', 'vitest');

let passed = 0;
let failed = 0;
let skipped = 0;
let failedSuites = 0;
let files = [];
try {
  files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
} catch {
  console.log(`ci-summary: no reports in ${dir}`);
}
for (const file of files) {
  const path = join(dir, file);
  if (statSync(path).mtimeMs < since) {
    console.log(`ci-summary: ignoring stale report ${file}`);
    continue;
  }
  let r;
  try {
    r = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    console.log(`ci-summary: unreadable report ${file}: ${e.message}`);
    failedSuites += 1;
    continue;
  }
  const skip = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += skip;
  failedSuites += r.numFailedTestSuites ?? 0;
  console.log(`ci-summary: ${file.replace(/\.json$/, '')}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skip} skipped`);
}

for (const check of values.check) {
  const at = check.lastIndexOf('=');
  const [name, rc] = at > 0 ? [check.slice(0, at), Number(check.slice(at + 1))] : [check, NaN];
  if (rc === 0) passed += 1;
  else failed += 1;
  console.log(`ci-summary: check ${name}: ${rc === 0 ? 'ok' : `failed (exit ${Number.isNaN(rc) ? '?' : rc})`}`);
}

if (npmTestRc !== 0) console.log(`ci-summary: npm test exited with ${npmTestRc}`);
if (failedSuites > 0) console.log(`ci-summary: ${failedSuites} suite(s) failed`);
if (passed + failed === 0) console.log('ci-summary: no tests ran');
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exitCode = npmTestRc !== 0 || failed > 0 || failedSuites > 0 || passed + failed === 0 ? 1 : 0;
