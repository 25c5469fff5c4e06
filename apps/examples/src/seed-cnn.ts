/**
 * The CNN of the PyTorch tutorials (DESIGN.md section 8) with the Trainer, on generated data:
 *   npx flint exec apps/examples/src/seed-cnn.ts [--steps 30] [--batch-size 64]
 * conv1 = Conv2d(3, 64, 3, stride 1, padding 1) -> ReLU -> flatten -> fc = Linear(64*32*32, 10),
 * SGD(lr 0.01), cross entropy, batches of 3x32x32 images. No image data set ships with Flint,
 * so the images are generated: each class is a fixed random 3x32x32 pattern plus noise.
 */
import { Conv2d, crossEntropy, DataLoader, Generator, indexSelect, Linear, manualSeed, randint, randn, ReLU, SGD, TensorDataset, tidy, type Tensor } from '@flint/core';
import { LightningModule, Trainer, type OptimizerConfig } from '@flint/trainer';
import { intArg, parseArgs } from './cli-args.js';

type Batch = [Tensor, Tensor];

export class SeedCnn extends LightningModule<Batch> {
  readonly conv1 = new Conv2d(3, 64, 3, { stride: 1, padding: 1 });
  readonly relu = new ReLU();
  readonly fc = new Linear(64 * 32 * 32, 10);

  forward(x: Tensor): Tensor {
    const h = this.relu.call(this.conv1.call(x));
    return this.fc.call(h.reshape(h.shape[0], -1));
  }

  override trainingStep([x, y]: Batch): Tensor {
    const loss = crossEntropy(this.forward(x), y);
    this.log('train_loss', loss, { progBar: true });
    return loss;
  }

  override configureOptimizers(): OptimizerConfig {
    return new SGD(this.parameters(), { lr: 0.01 });
  }
}

/** `n` images of 10 classes: class pattern (fixed by seed 7) + N(0, 1) noise. */
function generatedImages(n: number): TensorDataset {
  const g = new Generator(11);
  const labels = randint(0, 10, [n], { generator: g });
  const images = tidy(() => {
    const patterns = randn([10, 3, 32, 32], { generator: new Generator(7) });
    return indexSelect(patterns, 0, labels).add(randn([n, 3, 32, 32], { generator: g }));
  });
  return new TensorDataset(images, labels);
}

const args = parseArgs(process.argv.slice(2));
const steps = intArg(args, 'steps', 30);
const batchSize = intArg(args, 'batch-size', 64);
manualSeed(0);
const loader = new DataLoader(generatedImages(steps * batchSize), { batchSize, shuffle: true, generator: new Generator(1) }) as unknown as DataLoader<Tensor[], Batch>;
const trainer = new Trainer({ accelerator: 'cpu', maxSteps: steps, logger: false, enableCheckpointing: false, enableProgressBar: false });
const losses: number[] = [];
trainer.events$.subscribe((e) => {
  if (e.type !== 'batchEnd' || e.loss === undefined) return;
  losses.push(e.loss);
  console.log(`step ${e.globalStep} loss ${e.loss.toFixed(4)}`);
});
const started = performance.now();
await trainer.fit(new SeedCnn(), loader);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const k = Math.max(1, Math.floor(losses.length / 5));
console.log(`seed CNN: ${steps} steps of ${batchSize} in ${((performance.now() - started) / 1000).toFixed(1)} s; mean loss first ${k} steps ${mean(losses.slice(0, k)).toFixed(4)}, last ${k} steps ${mean(losses.slice(-k)).toFixed(4)}`);
