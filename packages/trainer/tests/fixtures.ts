import { argmax, crossEntropy, DataLoader, Dropout, eq, Generator, Linear, matmul, mean, randn, ReLU, SGD, Sequential, TensorDataset, tidy, cast, type Tensor } from '@flint/core';
import { LightningModule, type OptimizerConfig } from '../src/index.js';

export type Batch = [Tensor, Tensor];

/** Inputs and the argmax of a fixed random linear teacher: learnable to high accuracy. */
export function teacherData(n: number, features: number, classes: number, seed: number): TensorDataset {
  const g = new Generator(seed);
  const x = randn([n, features], { generator: g });
  const w = randn([features, classes], { generator: new Generator(1234) });
  const y = tidy(() => argmax(matmul(x, w), 1));
  w.dispose();
  return new TensorDataset(x, y);
}

export function loaders(opts: { batchSize?: number; shuffle?: boolean; seed?: number } = {}): { train: DataLoader<Tensor[], Batch>; val: DataLoader<Tensor[], Batch> } {
  const train = new DataLoader(teacherData(256, 8, 3, 1), { batchSize: opts.batchSize ?? 32, shuffle: opts.shuffle ?? true, generator: new Generator(opts.seed ?? 5) }) as unknown as DataLoader<Tensor[], Batch>;
  const val = new DataLoader(teacherData(64, 8, 3, 2), { batchSize: 32 }) as unknown as DataLoader<Tensor[], Batch>;
  return { train, val };
}

/** A small MLP classifier. */
export class Mlp extends LightningModule<Batch> {
  readonly net: Sequential;
  trainLosses: number[] = [];

  constructor(readonly lr = 0.1, dropout = 0) {
    super();
    this.net = new Sequential(new Linear(8, 32), new ReLU(), new Dropout(dropout), new Linear(32, 3));
    this.saveHyperparameters({ lr, dropout });
  }

  forward(x: Tensor): Tensor {
    return this.net.call(x);
  }

  override trainingStep([x, y]: Batch): Tensor {
    const loss = crossEntropy(this.forward(x), y);
    this.log('train_loss', loss, { progBar: true });
    return loss;
  }

  override validationStep([x, y]: Batch): Tensor {
    const logits = this.forward(x);
    const loss = crossEntropy(logits, y);
    this.log('val_loss', loss, { progBar: true });
    this.log('val_acc', mean(cast(eq(argmax(logits, 1), y), 'float32')));
    return loss;
  }

  override testStep(batch: Batch): Tensor {
    return this.validationStep(batch);
  }

  override configureOptimizers(): OptimizerConfig {
    return new SGD(this.parameters(), { lr: this.lr });
  }
}
