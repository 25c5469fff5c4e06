import { describe, it } from 'vitest';
import { loadGoldenManifest, runConformanceSuite } from '@flint/core/testing';
import { nodeFixtureSource } from '@flint/core/testing/node';
import { UNSUPPORTED } from '../src/index.js';
import { webgpuReady } from './webgpu-available.js';

const ready = await webgpuReady();
const source = nodeFixtureSource();
const manifest = await loadGoldenManifest(source);

// Golden ops (forward and backward against PyTorch), every kernel's random-input comparison
// against the CPU backend in float32, each case inside a memory guard. The float64 copies are
// the backend's UNSUPPORTED table at work: each is reported as unsupported with its reason and
// asserts that webgpu refuses it with a DTypeError rather than running it anywhere else.
if (ready) {
  runConformanceSuite({ device: 'webgpu:0', source, manifest, describe, it, dtypes: ['float32', 'float64'], unsupported: UNSUPPORTED });
} else describe.skip('conformance: webgpu:0 (no adapter)', () => it('skipped', () => undefined));
