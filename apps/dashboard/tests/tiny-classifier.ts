import { argmax, crossEntropy, DataLoader, Generator, Linear, matmul, randn, ReLU, SGD, Sequential, TensorDataset, tidy, type Tensor } from '@flint/core';
import { LightningModule, type BatchSource, type OptimizerConfig } from '@flint/trainer';

type Batch = [Tensor, Tensor];

/** 128 samples labelled by a fixed random linear teacher, in batches of 16: 8 steps an epoch. */
export function teacherLoader(seed = 1): BatchSource {
  const g = new Generator(seed);
  const x = randn([128, 8], { generator: g });
  const w = randn([8, 3], { generator: new Generator(1234) });
  const y = tidy(() => argmax(matmul(x, w), 1));
  w.dispose();
  return new DataLoader(new TensorDataset(x, y), { batchSize: 16 }) as unknown as BatchSource;
}

/** A two-layer MLP that logs its training loss every step. */
export class TinyClassifier extends LightningModule<Batch> {
  readonly net = new Sequential(new Linear(8, 16), new ReLU(), new Linear(16, 3));

  constructor(readonly lr = 0.1) {
    super();
    this.saveHyperparameters({ lr, hidden: 16 });
  }

  forward(x: Tensor): Tensor {
    return this.net.call(x);
  }

  override trainingStep([x, y]: Batch): Tensor {
    const loss = crossEntropy(this.forward(x), y);
    this.log('train_loss', loss);
    return loss;
  }

  override configureOptimizers(): OptimizerConfig {
    return new SGD(this.parameters(), { lr: this.lr });
  }
}
