import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSafetensors, type Module } from '@flint/core';
import { Trainer, type TrainerOptions } from '../src/index.js';
import { Mlp, loaders } from './fixtures.js';

const options = (): TrainerOptions => ({
  accelerator: 'cpu',
  maxEpochs: 2,
  seed: 3,
  defaultRootDir: mkdtempSync(join(tmpdir(), 'flint-dp-fit-')),
  enableProgressBar: false,
  enableModelSummary: false,
  logger: false,
  enableCheckpointing: false,
});

const flat = (m: Mlp): number[] => m.parameters().flatMap((p) => Array.from(p.dataSync()));

describe("Trainer({ strategy: 'dp' }) loads @flint/strategy-dp by name", () => {
  it('splits each batch over logical CPU devices and trains to the single-device weights', async () => {
    const single = new Mlp(0.1);
    const dp = new Mlp(0.1);
    dp.loadStateDict(single.stateDict());
    const initial = flat(single);
    await new Trainer({ ...options(), strategy: 'single' }).fit(single, loaders({ shuffle: false }).train);

    const seen: [string, number][] = [];
    (dp.net.at(0) as Module).registerForwardHook((_m, [x]) => void seen.push([x.device, x.shape[0]]));
    const trainer = new Trainer({ ...options(), strategy: 'dp', devices: 2 });
    await trainer.fit(dp, loaders({ shuffle: false }).train);

    expect(seen.slice(0, 2)).toEqual([['vcpu:0', 16], ['vcpu:1', 16]]);
    expect(seen).toHaveLength(2 * 2 * 8); // 2 replicas x 2 epochs x 8 batches
    expect(Object.hasOwn(dp, 'forward')).toBe(false); // teardown restored the module's own forward
    for (const p of dp.parameters()) expect(p.device).toBe('cpu'); // back where it started
    const [a, b] = [flat(dp), flat(single)];
    expect(Math.max(...b.map((v, i) => Math.abs(v - initial[i])))).toBeGreaterThan(1e-2); // it did train
    expect(a).toHaveLength(b.length);
    for (let i = 0; i < b.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(b[i])));
  });

  it('validates and checkpoints through the data-parallel forward; the checkpoint holds plain keys', async () => {
    const model = new Mlp(0.1);
    const { train, val } = loaders({ shuffle: false });
    const trainer = new Trainer({ ...options(), strategy: 'dp', devices: 3, enableCheckpointing: true });
    await trainer.fit(model, train, val);
    expect(typeof trainer.callbackMetrics['val_loss']).not.toBe('undefined');
    const best = trainer.checkpointCallback!.bestModelPath;
    expect(best).toBeTruthy();
    const saved = readSafetensors(new Uint8Array(readFileSync(join(best, 'model.safetensors'))));
    expect([...saved.tensors.keys()].sort()).toEqual(Object.keys(model.stateDict()).sort()); // no 'module.' prefix
    for (const p of model.parameters()) expect(p.device).toBe('cpu');
  });

  it('with the replica option, replica 1 runs on a worker thread and the weights still match one device', async () => {
    const single = new Mlp(0.1);
    const dp = new Mlp(0.1);
    dp.loadStateDict(single.stateDict());
    await new Trainer({ ...options(), strategy: 'single' }).fit(single, loaders({ shuffle: false }).train);
    const seen: [string, number][] = [];
    (dp.net.at(0) as Module).registerForwardHook((_m, [x]) => void seen.push([x.device, x.shape[0]]));
    const replica = { module: new URL('./fixtures.ts', import.meta.url), exportName: 'Mlp' };
    await new Trainer({ ...options(), strategy: 'dp', devices: 2, strategyOptions: { replica } }).fit(dp, loaders({ shuffle: false }).train);
    expect(seen).toHaveLength(2 * 8); // this thread ran only replica 0: 16 of each batch's 32 rows
    expect(seen[0]).toEqual(['cpu', 16]);
    const [a, b] = [flat(dp), flat(single)];
    for (let i = 0; i < b.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(b[i])));
  });
});
