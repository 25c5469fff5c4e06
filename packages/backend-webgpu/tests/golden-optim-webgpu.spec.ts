import { describe, expect, it } from 'vitest';
import { loadGoldenManifest, runOptimCase, type OptimCaseEntry } from '@flint/core/testing';
import { nodeFixtureSource } from '@flint/core/testing/node';
import { webgpuReady } from './webgpu-available.js';

const ready = await webgpuReady();
const source = nodeFixtureSource();
const manifest = await loadGoldenManifest(source);

describe.skipIf(!ready)('optimizer golden fixtures on webgpu:0', () => {
  for (const entry of manifest.optim) {
    it(entry.name, async () => {
      const r = await runOptimCase(source, entry as unknown as OptimCaseEntry, { device: 'webgpu:0' });
      expect(r.message).toBeTruthy();
      expect(r.passed, r.message).toBe(true);
    });
  }
});
