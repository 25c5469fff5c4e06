import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crossEntropy, Linear, randint, randn, ReLU, SGD, Sequential, type Tensor } from '@flint/core';
import { LightningModule, Trainer, type OptimizerConfig } from '../src/index.js';
import type { Batch } from './fixtures.js';

/** A module built from one options object, as Lightning's `cls(**hparams)`. */
class Net extends LightningModule<Batch> {
  readonly net: Sequential;
  readonly lr: number;
  constructor({ hidden = 16, lr = 0.1 }: { hidden?: number; lr?: number } = {}) {
    super();
    this.lr = lr;
    this.net = new Sequential(new Linear(8, hidden), new ReLU(), new Linear(hidden, 3));
    this.saveHyperparameters({ hidden, lr });
  }
  forward(x: Tensor): Tensor {
    return this.net.call(x);
  }
  override trainingStep([x, y]: Batch): Tensor {
    return crossEntropy(this.forward(x), y);
  }
  override predictStep([x]: Batch): Tensor {
    return this.forward(x);
  }
  override configureOptimizers(): OptimizerConfig {
    return new SGD(this.parameters(), { lr: this.lr });
  }
}

const data = (): Batch[] => [[randn([4, 8]), randint(0, 3, [4])], [randn([4, 8]), randint(0, 3, [4])]];
const base = { accelerator: 'cpu', enableProgressBar: false, enableModelSummary: false, logger: false } as const;

describe('LightningModule.loadFromCheckpoint', () => {
  it('rebuilds the module from its saved hyperparameters (with overrides), loads the weights, ready for predict', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-load-ckpt-'));
    const trained = new Net({ hidden: 24, lr: 0.05 });
    const fit = new Trainer({ ...base, maxEpochs: 2, defaultRootDir: root });
    const batches = data();
    await fit.fit(trained, batches);
    const path = fit.checkpointCallback?.bestModelPath ?? '';

    const loaded = await Net.loadFromCheckpoint(path);
    expect(loaded).toBeInstanceOf(Net);
    expect(loaded.hparams).toEqual({ hidden: 24, lr: 0.05 });
    expect(loaded.training).toBe(false);
    const flat = (m: Net): number[] => m.parameters().flatMap((p) => Array.from(p.dataSync() as Float32Array));
    expect(flat(loaded)).toEqual(flat(trained));
    const predictor = new Trainer({ ...base, enableCheckpointing: false });
    const [a] = (await predictor.predict(loaded, [batches[0]])) as Tensor[];
    const [b] = (await predictor.predict(trained, [batches[0]])) as Tensor[];
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));

    const tuned = await Net.loadFromCheckpoint(path, { overrides: { lr: 0.5 } });
    expect(tuned.lr).toBe(0.5);
    expect(tuned.hparams).toEqual({ hidden: 24, lr: 0.5 });
    // An override that changes the architecture no longer fits the weights: a typed error naming the keys.
    await expect(Net.loadFromCheckpoint(path, { overrides: { hidden: 8 } })).rejects.toThrow(/net\.0\.weight/);
  });
});
