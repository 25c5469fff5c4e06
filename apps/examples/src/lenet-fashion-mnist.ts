/**
 * LeNet on Fashion-MNIST (or MNIST) IDX files:
 *   npx flint exec apps/examples/src/lenet-fashion-mnist.ts --data DIR [--epochs 2] [--batch-size 64] [--root DIR]
 *     [--train-size N] [--val-size N]   (train / validate on the first N images only)
 * DIR holds train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and
 * t10k-labels-idx1-ubyte (plain or .gz), e.g. the files of Debian's `dataset-fashion-mnist`.
 * Writes a checkpoint, metrics.csv and a TensorBoard event file, and names them at the end.
 */
import { DataLoader, Generator, manualSeed, TensorDataset, type Tensor } from '@flint/core';
import { readMnist } from '@flint/core/node';
import { CSVLogger, TensorBoardLogger, Trainer } from '@flint/trainer';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { intArg, parseArgs } from './cli-args.js';
import { LeNet, type ImageBatch } from './lenet.js';

const args = parseArgs(process.argv.slice(2));

/** The first `n` images and labels of a split (`--train-size` / `--val-size`: a quick run on a subset). */
function firstN(split: Awaited<ReturnType<typeof readMnist>>, n: number): Awaited<ReturnType<typeof readMnist>> {
  const have = split.images.shape[0];
  return n >= have ? split : { images: split.images.narrow(0, 0, n), labels: split.labels.narrow(0, 0, n) };
}
const dir = args.get('data');
const load = async (): Promise<Awaited<ReturnType<typeof readMnist>>[] | string> => {
  if (!dir) return 'no --data DIR given';
  try {
    return [await readMnist(dir, 'train'), await readMnist(dir, 'test')];
  } catch (e) {
    return (e as Error).message;
  }
};
const splits = await load();
if (typeof splits === 'string') {
  console.error(
    `LeNet example: ${splits}.\n` +
      'It needs Fashion-MNIST (or MNIST) IDX files: pass --data DIR with train-images-idx3-ubyte, train-labels-idx1-ubyte, ' +
      't10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (plain or .gz), for example from Debian\'s dataset-fashion-mnist package ' +
      'or https://github.com/zalandoresearch/fashion-mnist.',
  );
  process.exit(2);
}
const [train, test] = splits.map((split, i) => firstN(split, intArg(args, i === 0 ? 'train-size' : 'val-size', split.images.shape[0])));
manualSeed(0);
const batchSize = intArg(args, 'batch-size', 64);
const trainLoader = new DataLoader(new TensorDataset(train.images, train.labels), { batchSize, shuffle: true, generator: new Generator(1) }) as unknown as DataLoader<Tensor[], ImageBatch>;
const valLoader = new DataLoader(new TensorDataset(test.images, test.labels), { batchSize: 500 }) as unknown as DataLoader<Tensor[], ImageBatch>;
const tb = new TensorBoardLogger();
const trainer = new Trainer({
  accelerator: 'cpu',
  maxEpochs: intArg(args, 'epochs', 2),
  defaultRootDir: args.get('root') ?? join(tmpdir(), 'flint-lenet'),
  logger: [new CSVLogger(), tb],
});
const started = performance.now();
await trainer.fit(new LeNet(), trainLoader, valLoader);
const m = trainer.callbackMetrics;
console.log(`LeNet: ${train.images.shape[0]} training images, ${test.images.shape[0]} validation images, val accuracy ${(m.val_acc * 100).toFixed(1)}%, val loss ${m.val_loss.toFixed(4)}, ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(`checkpoint: ${trainer.checkpointCallback?.bestModelPath}`);
console.log(`metrics.csv: ${join(trainer.logDir, 'metrics.csv')}`);
console.log(`tensorboard: ${tb.eventFilePath}`);
