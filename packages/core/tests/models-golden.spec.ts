import { describe, expect, it } from 'vitest';
import { memory } from '../src/tensor/memory.js';
import { runModelCase } from '../src/testing/golden-models.js';
import { nodeFixtureSource } from '../src/testing/node-fixture-source.js';
import { loadGoldenManifest } from '../src/testing/golden-manifest.js';

const source = nodeFixtureSource();
const manifest = await loadGoldenManifest(source);

describe('model golden fixtures (PyTorch 1.13): init from loadStateDict, then train', () => {
  it('has the 3 model cases', () => {
    expect(manifest.models.map((c) => c.name).sort()).toEqual(['complex_model_sgd', 'lenet_bn_adam', 'mlp_sgd_momentum']);
  });

  for (const entry of manifest.models) {
    it(`${entry.name}: losses, first gradients and final state match`, async () => {
      const before = memory();
      const r = await runModelCase(source, entry);
      expect(r.message).toBe('ok');
      expect(r.passed).toBe(true);
      expect(r.maxError).toBeLessThanOrEqual(1e-4);
      expect(memory().buffers).toBe(before.buffers);
    });
  }

  it('reports an unknown architecture as a failure', async () => {
    const r = await runModelCase(source, { ...manifest.models[0], name: 'resnet50' });
    expect(r.passed).toBe(false);
    expect(r.message).toMatch(/no architecture for model case 'resnet50'/);
  });
});
