import { CrossEntropyLoss, SGD, matmul, rand, randint, tidy, type Sequential } from '@flint/core';
import { lenet5, mlp, seedCnn } from './cpu-models.js';
import { medianRate, rate, stopwatch, type Rate } from './cpu-timing.js';

/** The figures every `bench cpu` contender reports; null where it cannot run the workload. */
export interface CpuFigures {
  w0_1t: number | null;
  w0_2t: number | null;
  w1: number | null;
  w2: number | null;
  w3: number | null;
}

/** GF/s of a float32 1024² matmul on Flint's CPU backend, median of 7 after warm-up. */
export async function flintMatmulGfs(n = 1024): Promise<Rate> {
  const a = rand([n, n]);
  const b = rand([n, n]);
  // Warm-up also lets V8 tier the WebAssembly kernel up from its baseline compiler.
  for (let i = 0; i < 3; i++) (await tidy(() => matmul(a, b))).dispose();
  const rates: Rate[] = [];
  for (let i = 0; i < 7; i++) {
    const elapsed = stopwatch();
    const c = matmul(a, b);
    await c.data();
    rates.push(rate((2 * n ** 3) / 1e9, elapsed()));
    c.dispose();
  }
  a.dispose();
  b.dispose();
  return medianRate(rates);
}

/** Training samples/s of `model` on `device` with SGD(lr 0.01) and cross entropy on random data; the loss is read every step. */
export async function flintTrainRate(model: Sequential, inputShape: number[], batch: number, steps: number, device = 'cpu'): Promise<Rate> {
  model.to(device);
  const optimizer = new SGD(model.parameters(), { lr: 0.01 });
  const lossFn = new CrossEntropyLoss();
  const x = rand([batch, ...inputShape], { device });
  const y = randint(0, 10, [batch], { device });
  const step = async (): Promise<void> => {
    optimizer.zeroGrad();
    const loss = tidy(() => {
      const l = lossFn.call(model.call(x), y);
      l.backward();
      return l.detach();
    });
    optimizer.step();
    await loss.item();
    loss.dispose();
  };
  for (let i = 0; i < Math.max(2, Math.floor(steps / 5)); i++) await step();
  const elapsed = stopwatch();
  for (let i = 0; i < steps; i++) await step();
  const r = rate(batch * steps, elapsed());
  optimizer.dispose();
  for (const p of model.parameters()) p.dispose();
  x.dispose();
  y.dispose();
  return r;
}

/** W0..W3 on Flint, by wall time and by CPU time; `twoThreads` measures W0 on two intra-op threads (wall time only). */
export async function flintCpuFigures(scale: number, twoThreads: () => Promise<number>): Promise<{ wall: CpuFigures; cpu: CpuFigures }> {
  const steps = (n: number): number => Math.max(2, Math.round(n * scale));
  const w0 = await flintMatmulGfs();
  const w0Two = await twoThreads();
  const w1 = await flintTrainRate(mlp(), [784], 128, steps(40));
  const w2 = await flintTrainRate(seedCnn(), [3, 32, 32], 64, steps(8));
  const w3 = await flintTrainRate(lenet5(), [1, 28, 28], 64, steps(30));
  return {
    wall: { w0_1t: w0.wall, w0_2t: w0Two, w1: w1.wall, w2: w2.wall, w3: w3.wall },
    cpu: { w0_1t: w0.cpu, w0_2t: null, w1: w1.cpu, w2: w2.cpu, w3: w3.cpu },
  };
}
