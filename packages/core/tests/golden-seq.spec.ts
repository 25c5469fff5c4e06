import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGoldenManifest } from '../src/testing/golden-manifest.js';
import { runGolden, summarizeGolden } from '../src/testing/golden-runner.js';
import { withMemoryGuard } from '../src/testing/memory-guard.js';
import { nodeFixtureSource } from '../src/testing/node-fixture-source.js';

// The committed sequence-model fixtures (PyTorch 1.13; tools/fixtures/gen_torch_golden_seq.py
// re-derives them): 20 ops, 7 modules and 2 trainings, every one on the CPU backend.
const source = nodeFixtureSource(resolve(import.meta.dirname, '../../../fixtures/torch-golden-seq'));
const manifest = await loadGoldenManifest(source);

describe('torch-golden-seq on cpu', () => {
  it('has the 29 cases of the fixture set', () => {
    expect([manifest.ops.length, manifest.modules.length, manifest.models.length]).toEqual([20, 7, 2]);
  });

  const cases = [
    ...manifest.ops.map((c) => ['ops', c.name] as const),
    ...manifest.modules.map((c) => ['modules', c.name] as const),
    ...manifest.models.map((c) => ['models', c.name] as const),
  ];
  for (const [group, name] of cases) {
    it(`${group}/${name} matches PyTorch and frees what it made`, async () => {
      const { value: results, leak } = await withMemoryGuard(() => runGolden(source, { include: [group], filter: (n) => n === name }));
      expect(results).toHaveLength(1);
      expect(results[0].message).not.toMatch(/FAIL|threw|error [0-9.e-]+ >/);
      expect(results[0].passed, results[0].message).toBe(true);
      expect(results[0].maxError).toBeLessThanOrEqual(results[0].tolerance);
      expect(leak).toBeNull();
    });
  }

  it('runs every group by default and the summary line counts all 29', async () => {
    expect(summarizeGolden('cpu', await runGolden(source))).toBe('golden cpu: 29/29 pass');
  });
});
