import { argmax, cast, crossEntropy, eq, Linear, mean, ReLU, SGD, Sequential, type Tensor } from '@flint/core';
import { LightningModule, type OptimizerConfig } from '@flint/trainer';
import { CLASSES, IMAGE_PIXELS } from './synthetic-mnist.js';

type Batch = [Tensor, Tensor];

/**
 * The MNIST MLP: 784 -> 128 -> ReLU -> 10, SGD, cross entropy. `net`'s state dict has
 * PyTorch's `nn.Sequential` keys (`0.weight` ... `2.bias`), so the downloaded weights load
 * into `nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))`.
 */
export class MnistMlp extends LightningModule<Batch> {
  readonly net = new Sequential(new Linear(IMAGE_PIXELS, 128), new ReLU(), new Linear(128, CLASSES));

  constructor(readonly lr = 0.1) {
    super();
    this.saveHyperparameters({ lr });
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
    this.log('val_loss', loss);
    this.log('val_acc', mean(cast(eq(argmax(logits, 1), y), 'float32')));
    return loss;
  }

  override configureOptimizers(): OptimizerConfig {
    return new SGD(this.parameters(), { lr: this.lr, momentum: 0.9 });
  }
}
