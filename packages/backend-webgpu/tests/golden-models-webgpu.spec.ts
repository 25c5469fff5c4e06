import { describe, expect, it } from 'vitest';
import { loadGoldenManifest, runModelCase } from '@flint/core/testing';
import { nodeFixtureSource } from '@flint/core/testing/node';
import { webgpuReady } from './webgpu-available.js';

const ready = await webgpuReady();
const source = nodeFixtureSource();
const manifest = await loadGoldenManifest(source);

// The three model trainings of the PyTorch fixtures on webgpu:0: the MLP (SGD momentum, fused
// step), the tutorial CNN (a split-K GEMM for Linear(65536, 10) and the conv filter gradient)
// and LeNet with batch norm (Adam, fused step; narrow implicit-GEMM convs).
describe.skipIf(!ready)('model golden fixtures on webgpu:0', () => {
  for (const entry of manifest.models) {
    it(entry.name, async () => {
      const r = await runModelCase(source, entry, { device: 'webgpu:0' });
      expect(r.passed, r.message).toBe(true);
    });
  }
});
