import { describe, expect, it } from 'vitest';
import { ReduceLROnPlateau, SGD, manualSeed, type Tensor } from '@flint/core';
import { Trainer, type OptimizerConfig } from '../src/index.js';
import { Mlp, loaders, type Batch } from './fixtures.js';

const base = { accelerator: 'cpu', enableProgressBar: false, enableModelSummary: false, logger: false, enableCheckpointing: false, numSanityValSteps: 0 } as const;

/** Logs a validation metric that improves for two epochs, then stalls. */
class PlateauMlp extends Mlp {
  readonly lrs: number[] = [];
  constructor(private readonly monitor: string | undefined) {
    super(0.1, 0);
  }
  override onTrainEpochStart(): void {
    this.lrs.push(this.optimizers()[0].paramGroups[0].lr);
  }
  override validationStep(batch: Batch): Tensor {
    this.log('score', [3, 2, 2, 2, 2, 2][this.currentEpoch]);
    return super.validationStep(batch);
  }
  override configureOptimizers(): OptimizerConfig {
    const optimizer = new SGD(this.parameters(), { lr: 0.1 });
    const scheduler = new ReduceLROnPlateau(optimizer, { patience: 1, factor: 0.5 });
    return { optimizer, lrScheduler: this.monitor === undefined ? { scheduler } : { scheduler, monitor: this.monitor } };
  }
}

describe('ReduceLROnPlateau through the trainer', () => {
  it("steps with the value of `monitor` at each epoch end: halves the lr once 'score' stalls past patience", async () => {
    manualSeed(0);
    const { train, val } = loaders();
    const model = new PlateauMlp('score');
    await new Trainer({ ...base, maxEpochs: 6 }).fit(model, train, val);
    // Epoch-end scores 3, 2 (better), 2, 2: two bad epochs > patience 1, so the lr halves after epoch 3.
    expect(model.lrs).toEqual([0.1, 0.1, 0.1, 0.1, 0.05, 0.05]);
  });

  it('without monitor, or monitoring a metric nobody logs, fit fails saying what to fix', async () => {
    const { train, val } = loaders();
    await expect(new Trainer({ ...base, maxEpochs: 1 }).fit(new PlateauMlp(undefined), train, val)).rejects.toThrow(
      "configureOptimizers(): ReduceLROnPlateau needs the metric to watch: { scheduler, monitor: 'val_loss' }",
    );
    await expect(new Trainer({ ...base, maxEpochs: 1 }).fit(new PlateauMlp('val_los'), train, val)).rejects.toThrow(
      "lrScheduler monitors 'val_los', which was not logged (logged: train_loss, score, val_loss, val_acc)",
    );
  });
});
