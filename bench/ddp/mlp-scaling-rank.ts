import { Linear, ReLU, SGD, Sequential, crossEntropy, manualSeed, randint, randn, tidy } from '@flint/core';
import { DistributedDataParallel, destroyProcessGroup, initProcessGroup } from '@flint/strategy-ddp';

export const IN = 784;
export const HIDDEN = 512;
export const OUT = 10;

/**
 * A rank thread made by `spawn`: trains the MLP (784-512-512-10, SGD, cross entropy) with DDP
 * over the shm group on a fixed per-rank batch, and returns the seconds `steps` steps took
 * (after warm-up, between barriers). With one rank DDP skips communication: plain training.
 */
export async function mlpRank(_rank: number, steps: number, batch: number): Promise<number> {
  const g = await initProcessGroup({ backend: 'shm' });
  manualSeed(0);
  const model = new Sequential(new Linear(IN, HIDDEN), new ReLU(), new Linear(HIDDEN, HIDDEN), new ReLU(), new Linear(HIDDEN, OUT));
  const ddp = await DistributedDataParallel.create(model, { processGroup: g });
  const opt = new SGD(model.parameters(), { lr: 0.01 });
  const x = randn([batch, IN]);
  const y = randint(0, OUT, [batch]);
  const step = async (): Promise<void> => {
    opt.zeroGrad();
    tidy(() => crossEntropy(ddp.call(x), y).backward());
    await ddp.finishGradSync();
    opt.step();
  };
  for (let i = 0; i < 3; i++) await step();
  await g.barrier().wait();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await step();
  await g.barrier().wait();
  const seconds = (performance.now() - t0) / 1000;
  await destroyProcessGroup();
  return seconds;
}
