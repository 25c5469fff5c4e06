import { describe, it } from 'vitest';
import { loadGoldenManifest, runConformanceSuite } from '@flint/core/testing';
import { nodeFixtureSource } from '@flint/core/testing/node';
import { webgpuReady } from './webgpu-available.js';

const ready = await webgpuReady();
const source = nodeFixtureSource();
const manifest = await loadGoldenManifest(source);

// Golden ops (forward and backward against PyTorch), every kernel's random-input comparison
// against the CPU backend, each case inside a memory guard.
if (ready) runConformanceSuite({ device: 'webgpu:0', source, manifest, describe, it });
else describe.skip('conformance: webgpu:0 (no adapter)', () => it('skipped', () => undefined));
