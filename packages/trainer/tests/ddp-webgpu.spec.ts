import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualSeed } from '@flint/core';
import { Trainer } from '../src/index.js';
import { Mlp } from './fixtures.js';
import { singleLoaders, trainerOptions } from './fixtures/ddp-case.js';
import { readRankResults, runUserScript } from './fixtures/run-user-script.js';

const script = new URL('./fixtures/ddp-webgpu-main.ts', import.meta.url).pathname;

describe("Trainer({ accelerator: 'webgpu', strategy: 'ddp', devices: 2 }) on a machine with one adapter", () => {
  it('both ranks share the adapter with a warning, stay identical and train like one CPU device on the global batch', async () => {
    const out = mkdtempSync(join(tmpdir(), 'flint-ddp-webgpu-'));
    const { code, output } = await runUserScript(script, [out], { XDG_RUNTIME_DIR: process.env['XDG_RUNTIME_DIR'] ?? '/tmp' });
    expect(code, output).toBe(0);
    const warnings = output.match(/\[FLINT_DDP_SHARED_ADAPTER\] Warning: ddp: 2 ranks of this machine share one WebGPU adapter \(this rank: webgpu:0\)/g) ?? [];
    expect(warnings).toHaveLength(2);
    const [r0, r1] = readRankResults<{ device: string; after: string; params: number[] }>(out);
    expect([r0.device, r1.device]).toEqual(['webgpu:0', 'webgpu:0']);
    // After the fit the model is back where the user made it.
    expect([r0.after, r1.after]).toEqual(['cpu', 'cpu']);
    expect(r1.params).toEqual(r0.params);

    const single = new Trainer({
      ...trainerOptions(mkdtempSync(join(tmpdir(), 'flint-ddp-webgpu-single-'))),
      callbacks: [],
      enableCheckpointing: false,
      numSanityValSteps: 0,
      maxEpochs: 1,
      strategy: 'single',
    });
    manualSeed(0);
    const model = new Mlp(0.1, 0);
    await single.fit(model, singleLoaders().train);
    const ref = model.parameters().flatMap((p) => Array.from(p.dataSync()));
    expect(r0.params).toHaveLength(ref.length);
    for (let i = 0; i < ref.length; i++) expect(Math.abs(r0.params[i] - ref[i])).toBeLessThanOrEqual(1e-4);
  }, 120_000);
});
