/**
 * `npm run golden -- --backend cpu [--dir DIR] [--include ops,modules,models,optim] [--filter SUBSTRING]`
 *
 * Runs the PyTorch golden fixtures on one backend, prints one line per failing case with its
 * reason, and ends with `golden <backend>: <passed>/<total> pass`. Exits 1 when any case fails
 * or the backend is not registered, 2 on bad arguments.
 */
import { parseArgs } from 'node:util';
import { backendUnavailable, runGolden, summarizeGolden, GOLDEN_GROUPS, type GoldenGroup } from '@flint/core/testing';
import { defaultGoldenDir, nodeFixtureSource } from '@flint/core/testing/node';

function usage(message: string): never {
  console.error(`golden: ${message}`);
  console.error('usage: npm run golden -- --backend cpu [--dir DIR] [--include ops,modules,models,optim] [--filter SUBSTRING]');
  process.exit(2);
}

async function main(): Promise<number> {
  let values: { backend?: string; dir?: string; include?: string; filter?: string };
  try {
    ({ values } = parseArgs({
      options: { backend: { type: 'string', default: 'cpu' }, dir: { type: 'string' }, include: { type: 'string' }, filter: { type: 'string' } },
      strict: true,
    }));
  } catch (e) {
    usage((e as Error).message);
  }
  const backend = values.backend ?? 'cpu';
  const extra = (values.include ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const g of extra) if (!GOLDEN_GROUPS.includes(g as GoldenGroup)) usage(`unknown group '${g}' in --include (known: ${GOLDEN_GROUPS.join(', ')})`);
  // Every group of the manifest unless --include names some.
  const include = extra.length ? [...new Set(extra as GoldenGroup[])] : [...GOLDEN_GROUPS];

  // Backends from plugin packages come up asynchronously (adapters, devices) before their first op.
  if (backend.split(':')[0] === 'webgpu') {
    const { initWebGpu } = await import('@flint/backend-webgpu');
    await initWebGpu();
  }

  const missing = backendUnavailable(backend);
  if (missing) {
    console.error(`golden: backend '${backend}' is not registered: ${missing}`);
    return 1;
  }

  const dir = values.dir ?? defaultGoldenDir();
  const filter = values.filter;
  const results = await runGolden(nodeFixtureSource(dir), { device: backend, include, filter: filter ? (n) => n.includes(filter) : undefined });
  for (const r of results) if (!r.passed) console.log(`FAIL ${r.name}: ${r.message}`);
  console.log(summarizeGolden(backend, results));
  return results.every((r) => r.passed) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`golden: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    process.exit(1);
  },
);
