import { describe, expect, it } from 'vitest';
import { memory } from '../src/tensor/memory.js';
import { runOptimCase, type OptimCaseEntry } from '../src/testing/golden-optim.js';
import { nodeFixtureSource } from '../src/testing/node-fixture-source.js';
import { loadGoldenManifest } from '../src/testing/golden-manifest.js';

/** FLINT_GOLDEN_DIR, else the repository's `fixtures/torch-golden`. */
const FIXTURES = nodeFixtureSource();
const manifest = (await loadGoldenManifest(FIXTURES)) as unknown as { optim: OptimCaseEntry[] };

describe('optim golden fixtures (PyTorch 1.13)', () => {
  it('has the 7 optimizer cases', () => {
    expect(manifest.optim.map((c) => c.name)).toHaveLength(7);
  });

  for (const entry of manifest.optim) {
    it(`${entry.name}: ${entry.note ?? ""}: trajectory, final state and lrs match`, async () => {
      const before = memory();
      const r = await runOptimCase(FIXTURES, entry);
      expect(r.message).toMatch(/^max rel error/);
      expect(r.passed).toBe(true);
      expect(r.maxError).toBeLessThanOrEqual(1e-4);
      expect(memory().tensors).toBe(before.tensors);
    });
  }

  it('reports a failure instead of throwing when the set-up is unknown', async () => {
    const r = await runOptimCase(FIXTURES, { ...manifest.optim[0], optimizer: { type: 'Lion', lr: 0.1 } });
    expect(r.passed).toBe(false);
    expect(r.message).toMatch(/unknown optimizer 'Lion'/);
  });
});
