import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crossEntropy, Linear, ReLU, Sequential, SGD, type Tensor } from '@flint/core';
import { BackboneFinetuning, LambdaCallback, LightningModule, Trainer, type OptimizerConfig } from '../src/index.js';
import { loaders, Mlp, type Batch } from './fixtures.js';

const options = () => ({ accelerator: 'cpu', defaultRootDir: mkdtempSync(join(tmpdir(), 'flint-cb-')), enableProgressBar: false, enableModelSummary: false, logger: false, numSanityValSteps: 0 }) as const;

class WithBackbone extends LightningModule<Batch> {
  readonly backbone = new Sequential(new Linear(8, 16), new ReLU());
  readonly head = new Linear(16, 3);
  forward(x: Tensor): Tensor {
    return this.head.call(this.backbone.call(x));
  }
  override trainingStep([x, y]: Batch): Tensor {
    return crossEntropy(this.forward(x), y);
  }
  override configureOptimizers(): OptimizerConfig {
    return new SGD(this.parameters().filter((p) => p.requiresGrad), { lr: 0.1 });
  }
}

describe('BackboneFinetuning', () => {
  it('keeps the backbone frozen until unfreezeBackboneAtEpoch, then trains it in a new group whose lr grows by lambdaFunc up to the main lr', async () => {
    const model = new WithBackbone();
    const snapshots: { backbone: number[]; head: number[]; lrs: number[] }[] = [];
    const record = new LambdaCallback({
      onTrainEpochEnd: (view) =>
        void snapshots.push({
          backbone: Array.from(model.backbone.parameters()[0].dataSync()),
          head: Array.from(model.head.weight.dataSync()),
          lrs: view.optimizers[0].paramGroups.map((g) => g.lr),
        }),
    });
    const initial = Array.from(model.backbone.parameters()[0].dataSync());
    const ft = new BackboneFinetuning({ unfreezeBackboneAtEpoch: 2, lambdaFunc: () => 4 });
    await new Trainer({ ...options(), maxEpochs: 5, limitTrainBatches: 3, callbacks: [ft, record] }).fit(model, loaders().train);
    expect(snapshots[0].backbone).toEqual(initial);
    expect(snapshots[1].backbone).toEqual(initial);
    expect(snapshots[1].head).not.toEqual(snapshots[0].head);
    expect(snapshots[2].backbone).not.toEqual(initial);
    expect(snapshots.map((s) => s.lrs)).toEqual([[0.1], [0.1], [0.1, 0.010000000000000002], [0.1, 0.04000000000000001], [0.1, 0.1]]);
  });

  it('names a module without a backbone field', async () => {
    await expect(new Trainer({ ...options(), maxEpochs: 1, callbacks: [new BackboneFinetuning()] }).fit(new Mlp(), loaders().train)).rejects.toThrow("BackboneFinetuning: Mlp needs a 'backbone' module field");
  });
});
