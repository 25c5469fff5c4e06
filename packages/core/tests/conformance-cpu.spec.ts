import { describe, it } from 'vitest';
import { loadGoldenManifest, runConformanceSuite } from '../src/testing/index.js';
import { nodeFixtureSource } from '../src/testing/node.js';

const source = nodeFixtureSource();
const manifest = await loadGoldenManifest(source);

runConformanceSuite({ device: 'cpu', source, manifest, describe, it });
