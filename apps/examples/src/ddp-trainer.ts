/**
 * The headline: `new Trainer({ strategy: 'ddp', devices: 2 }).fit(...)` on the teacher MLP task.
 *   npx flint exec apps/examples/src/ddp-trainer.ts [--devices 2] [--epochs 3]
 * Run it once: the 'ddp' strategy makes this process rank 0 and starts the other ranks by
 * running this same script again (as Lightning does), so everything up to `fit` must happen the
 * same way on every rank. Each rank reads its shard of the data (a DistributedSampler under the
 * loader), gradients are averaged over ranks, rank 0 logs and saves.
 */
import { argmax, cast, crossEntropy, DataLoader, eq, Generator, Linear, manualSeed, mean, ReLU, SGD, Sequential, TensorDataset, type Tensor } from '@flint/core';
import { LightningModule, Trainer, type OptimizerConfig } from '@flint/trainer';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { intArg, parseArgs } from './cli-args.js';
import { teacherData } from './teacher-data.js';

type Batch = [Tensor, Tensor];

class Classifier extends LightningModule<Batch> {
  readonly net = new Sequential(new Linear(16, 64), new ReLU(), new Linear(64, 4));

  forward(x: Tensor): Tensor {
    return this.net.call(x);
  }

  override trainingStep([x, y]: Batch): Tensor {
    const loss = crossEntropy(this.forward(x), y);
    this.log('train_loss', loss);
    return loss;
  }

  override validationStep([x, y]: Batch): Tensor {
    const logits = this.forward(x);
    this.log('val_acc', mean(cast(eq(argmax(logits, 1), y), 'float32')), { syncDist: true });
    return crossEntropy(logits, y);
  }

  override configureOptimizers(): OptimizerConfig {
    return new SGD(this.parameters(), { lr: 0.05, momentum: 0.9 });
  }
}

const args = parseArgs(process.argv.slice(2));
const devices = intArg(args, 'devices', 2);
manualSeed(0);
const all = teacherData(4096 + 1024, 16, 4);
const train = new DataLoader(new TensorDataset(all.x.narrow(0, 0, 4096), all.y.narrow(0, 0, 4096)), { batchSize: 64 / devices, shuffle: true, generator: new Generator(1) });
const val = new DataLoader(new TensorDataset(all.x.narrow(0, 4096, 1024), all.y.narrow(0, 4096, 1024)), { batchSize: 256 });
const trainer = new Trainer({
  strategy: 'ddp',
  devices,
  accelerator: 'cpu',
  seed: 0,
  maxEpochs: intArg(args, 'epochs', 3),
  enableProgressBar: false,
  defaultRootDir: join(tmpdir(), 'flint-ddp-example'),
});
const started = performance.now();
await trainer.fit(new Classifier(), train, val);
const rank = Number(process.env['RANK'] ?? 0);
console.log(
  `rank ${rank}/${devices}: ${trainer.globalStep} steps, val accuracy over all ranks ${(trainer.callbackMetrics.val_acc * 100).toFixed(1)}%, ` +
    `${((performance.now() - started) / 1000).toFixed(1)} s${rank === 0 ? `, logs in ${trainer.logDir}` : ''}`,
);
