import { setFlagsFromString } from 'node:v8';
import { describe, it } from 'vitest';
import { setCpuKernelMode } from '../src/cpu/wasm/cpu-kernel-mode.js';
import { loadGoldenManifest, runConformanceSuite } from '../src/testing/index.js';
import { nodeFixtureSource } from '../src/testing/node.js';

// conformance-cpu.spec.ts runs the suite on the build this process picks by default (plain
// SIMD on Node 20); this file runs it again on the relaxed-SIMD (fused multiply-add) build.
setFlagsFromString('--experimental-wasm-relaxed-simd');
setCpuKernelMode('relaxed-simd');

const source = nodeFixtureSource();
const manifest = await loadGoldenManifest(source);

runConformanceSuite({ device: 'cpu', source, manifest, describe, it });
