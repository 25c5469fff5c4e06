import { Adam, argmax, cast, Conv2d, crossEntropy, eq, Flatten, Linear, MaxPool2d, mean, ReLU, Sequential, type Tensor } from '@flint/core';
import { LightningModule, type OptimizerConfig } from '@flint/trainer';

export type ImageBatch = [Tensor, Tensor];

/**
 * LeNet-5 for 1x28x28 images (MNIST, Fashion-MNIST) with ReLU and max pooling, as in the
 * PyTorch tutorials: conv 6@5x5 (padding 2) -> pool -> conv 16@5x5 -> pool -> 120 -> 84 -> 10.
 * Adam (lr 2e-3): it leaves SGD's slow first epoch behind on small runs.
 */
export class LeNet extends LightningModule<ImageBatch> {
  readonly net = new Sequential(
    new Conv2d(1, 6, 5, { padding: 2 }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(6, 16, 5),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(16 * 5 * 5, 120),
    new ReLU(),
    new Linear(120, 84),
    new ReLU(),
    new Linear(84, 10),
  );

  constructor(readonly lr = 2e-3) {
    super();
    this.saveHyperparameters({ lr });
  }

  forward(x: Tensor): Tensor {
    return this.net.call(x);
  }

  override trainingStep([x, y]: ImageBatch): Tensor {
    const loss = crossEntropy(this.forward(x), y);
    this.log('train_loss', loss, { progBar: true });
    return loss;
  }

  override validationStep([x, y]: ImageBatch): Tensor {
    const logits = this.forward(x);
    const loss = crossEntropy(logits, y);
    this.log('val_loss', loss, { progBar: true, batchSize: x.shape[0] });
    this.log('val_acc', mean(cast(eq(argmax(logits, 1), y), 'float32')), { progBar: true, batchSize: x.shape[0] });
    return loss;
  }

  override configureOptimizers(): OptimizerConfig {
    return new Adam(this.parameters(), { lr: this.lr });
  }
}
