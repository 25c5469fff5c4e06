import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGoldenManifest, runGolden, withMemoryGuard } from '@flint/core/testing';
import { nodeFixtureSource } from '@flint/core/testing/node';
import { webgpuReady } from './webgpu-available.js';

const ready = await webgpuReady();
const source = nodeFixtureSource(resolve(import.meta.dirname, '../../../fixtures/torch-golden-seq'));
const manifest = await loadGoldenManifest(source);

// The sequence-model fixtures on webgpu:0: attention, masks, padding, transposed and 1-D
// convolutions, interpolation, LSTM/GRU and the two trainings (GPT with tied weights and AdamW
// groups, the LSTM classifier). They are composites of kernels the backend already has
// (Where, IndexSelect/IndexAdd, BatchMatMul, the Conv2D family), so no new WGSL is needed.
describe.skipIf(!ready)('torch-golden-seq on webgpu:0', () => {
  const cases = [
    ...manifest.ops.map((c) => ['ops', c.name] as const),
    ...manifest.modules.map((c) => ['modules', c.name] as const),
    ...manifest.models.map((c) => ['models', c.name] as const),
  ];
  it('has all 29 cases', () => expect(cases).toHaveLength(29));
  for (const [group, name] of cases) {
    it(`${group}/${name}`, async () => {
      const { value: [r], leak } = await withMemoryGuard(() => runGolden(source, { device: 'webgpu:0', include: [group], filter: (n) => n === name }));
      expect(r.passed, r.message).toBe(true);
      expect(leak).toBeNull();
    });
  }
});
