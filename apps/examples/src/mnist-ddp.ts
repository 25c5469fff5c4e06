/**
 * `npm run example -- ddp`: the headline line as a Lightning user writes it,
 * `new Trainer({ strategy: 'ddp', devices: 4 }).fit(model)`, on the MNIST MLP, whose data comes
 * from its own `trainDataloader()`. Run it once: the 'ddp' strategy makes this process rank 0
 * and starts ranks 1-3 by running the same command again. Each rank reads its quarter of the
 * digits (a DistributedSampler under the module's loader), gradients are averaged over ranks,
 * rank 0 writes `./lightning_logs` (Lightning's default place). The module stops itself once
 * 90 % of the validation digits (counted over all ranks) are right.
 */
import { manualSeed } from '@flint/core';
import { EarlyStopping, Trainer, type Callback } from '@flint/trainer';
import { MnistMlp } from './mnist-mlp-module.js';

/** The MNIST MLP with the stop rule it needs (Lightning's `configure_callbacks`). */
class MnistMlpUntil90 extends MnistMlp {
  override configureCallbacks(): readonly Callback[] {
    return [new EarlyStopping({ monitor: 'val_acc', mode: 'max', stoppingThreshold: 0.9 })];
  }
}

manualSeed(0);
const started = performance.now();
// 16 digits per rank and step: a global batch of 64, as the one-device example.
const model = new MnistMlpUntil90({ lr: 0.05, batchSize: 16 });
const trainer = new Trainer({ strategy: 'ddp', devices: 4 });
await trainer.fit(model);
const rank = Number(process.env['RANK'] ?? 0);
if (rank === 0) {
  const m = trainer.callbackMetrics;
  console.log(`MNIST MLP on 4 DDP ranks: ${trainer.currentEpoch} epoch(s), ${trainer.globalStep} steps, val accuracy over all ranks ${(m['val_acc'] * 100).toFixed(1)}%, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(`logs: ${trainer.logDir}`);
}
