import {
  crossEntropy, eq, linear, mean, narrow, noGrad, relu, tensor, tidy, argmax, type Tensor,
} from '@flint/core';
import { teacherData, uniform } from './teacher-data.js';

export interface MlpRunOptions {
  epochs?: number;
  batchSize?: number;
  lr?: number;
  /** Called after every epoch with its mean loss and the training accuracy. */
  onEpoch?: (epoch: number, loss: number, accuracy: number) => void;
}

/** PyTorch's default Linear init: U(-1/sqrt(in), 1/sqrt(in)) for weight and bias. */
function linearParams(inF: number, outF: number, seed: number): [Tensor, Tensor] {
  const bound = 1 / Math.sqrt(inF);
  return [
    tensor(uniform(outF * inF, seed, bound), { shape: [outF, inF], requiresGrad: true }),
    tensor(uniform(outF, seed + 1, bound), { shape: [outF], requiresGrad: true }),
  ];
}

/**
 * Trains a 2-layer MLP with plain SGD on the teacher task using only @flint/core
 * (tensors, autograd, tidy). Returns the loss of every epoch.
 */
export async function trainMlp(opts: MlpRunOptions = {}): Promise<number[]> {
  const { epochs = 8, batchSize = 64, lr = 0.5 } = opts;
  const { x, y } = teacherData(2048, 20, 4);
  const [w1, b1] = linearParams(20, 64, 11);
  const [w2, b2] = linearParams(64, 4, 13);
  const params = [w1, b1, w2, b2];
  const forward = (input: Tensor): Tensor => linear(relu(linear(input, w1, b1)), w2, b2);
  const losses: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let total = 0;
    const batches = Math.floor(x.shape[0] / batchSize);
    for (let b = 0; b < batches; b++) {
      const loss = tidy(() => {
        const l = crossEntropy(forward(narrow(x, 0, b * batchSize, batchSize)), narrow(y, 0, b * batchSize, batchSize));
        l.backward();
        noGrad(() => {
          for (const p of params) {
            p.copy_(p.sub(p.grad!.mul(lr)));
            p.grad!.dispose();
            p.grad = null;
          }
        });
        return l.detach();
      });
      total += await loss.item();
      loss.dispose();
    }
    const correct = tidy(() => mean(eq(argmax(forward(x), 1), y).cast('float32')));
    const accuracy = await correct.item();
    correct.dispose();
    losses.push(total / batches);
    opts.onEpoch?.(epoch, total / batches, accuracy);
  }
  for (const t of [x, y, ...params]) t.dispose();
  return losses;
}
