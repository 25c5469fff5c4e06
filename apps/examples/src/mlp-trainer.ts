/**
 * A Trainer-based example: the teacher-labelled MLP task of `mlp-core.ts`, trained with
 * `@flint/trainer` (progress bar, CSV and TensorBoard logs and a checkpoint under $TMPDIR/flint-example).
 * Run: npx tsx --tsconfig tsconfig.base.json --conditions=@flint/source apps/examples/src/mlp-trainer.ts
 */
import { argmax, cast, crossEntropy, DataLoader, eq, Generator, Linear, manualSeed, mean, ReLU, SGD, Sequential, TensorDataset, type Tensor } from '@flint/core';
import { CSVLogger, LightningModule, TensorBoardLogger, Trainer, type OptimizerConfig } from '@flint/trainer';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { teacherData } from './teacher-data.js';

type Batch = [Tensor, Tensor];

class MlpClassifier extends LightningModule<Batch> {
  readonly net = new Sequential(new Linear(16, 64), new ReLU(), new Linear(64, 4));

  constructor(readonly lr: number) {
    super();
    this.saveHyperparameters({ lr });
  }

  forward(x: Tensor): Tensor {
    return this.net.call(x);
  }

  override trainingStep([x, y]: Batch): Tensor {
    const loss = crossEntropy(this.forward(x), y);
    this.log('train_loss', loss, { progBar: true, onEpoch: true });
    return loss;
  }

  override validationStep([x, y]: Batch): Tensor {
    const logits = this.forward(x);
    const loss = crossEntropy(logits, y);
    this.log('val_loss', loss, { progBar: true });
    this.log('val_acc', mean(cast(eq(argmax(logits, 1), y), 'float32')), { progBar: true });
    return loss;
  }

  override configureOptimizers(): OptimizerConfig {
    return new SGD(this.parameters(), { lr: this.lr, momentum: 0.9 });
  }
}

manualSeed(0);
const all = teacherData(4096 + 1024, 16, 4);
const [x, y] = [all.x, all.y];
const train = new DataLoader(new TensorDataset(x.narrow(0, 0, 4096), y.narrow(0, 0, 4096)), { batchSize: 64, shuffle: true, generator: new Generator(1) });
const val = new DataLoader(new TensorDataset(x.narrow(0, 4096, 1024), y.narrow(0, 4096, 1024)), { batchSize: 256 });
const started = performance.now();
const tb = new TensorBoardLogger();
const trainer = new Trainer({ maxEpochs: 5, accelerator: 'cpu', defaultRootDir: join(tmpdir(), 'flint-example'), logger: [new CSVLogger(), tb] });
await trainer.fit(new MlpClassifier(0.05), train, val);
const m = trainer.callbackMetrics;
console.log(`val accuracy ${(m.val_acc * 100).toFixed(1)}%  val loss ${m.val_loss.toFixed(4)}  in ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(`best checkpoint: ${trainer.checkpointCallback?.bestModelPath}`);
console.log(`metrics.csv: ${join(trainer.logDir, 'metrics.csv')}`);
console.log(`tensorboard: ${tb.eventFilePath}`);
