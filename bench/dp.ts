import { Generator, SGD, crossEntropy, randint, rand, tidy, to } from '@flint/core';
import { DataParallel, registerLogicalCpuDevices } from '@flint/strategy-dp';
import { ThreadedDataParallel } from '@flint/strategy-dp/node';
import { seedCnn } from './dp-seed-cnn.js';
import { median, runTorch, summary } from './torch-child.js';

const BATCH = 64;
const STEPS = 3;
const ROUNDS = 5;

type Step = () => void | Promise<void>;

/** One SGD training step of the seed CNN, the forward through DataParallel over `devices` (one: plain). */
function deviceStep(devices: string[]): Step {
  const model = seedCnn().to(devices[0]);
  const dp = new DataParallel(model, { deviceIds: devices });
  const gen = new Generator(1);
  const x = to(rand([BATCH, 3, 32, 32], { generator: gen }), devices[0]);
  const y = to(randint(0, 10, [BATCH], { generator: gen }), devices[0]);
  const opt = new SGD(model.parameters(), { lr: 0.01 });
  return () =>
    tidy(() => {
      opt.zeroGrad();
      crossEntropy(dp.call(x), y).backward();
      opt.step();
    });
}

/** The same step with ThreadedDataParallel: replica 0 here, the others on worker threads. */
function threadedStep(threads: number): { step: Step; close: () => Promise<void> } {
  const model = seedCnn();
  const dp = ThreadedDataParallel.create(model, { threads, replica: { module: new URL('./dp-seed-cnn.ts', import.meta.url), exportName: 'seedCnn' } });
  const gen = new Generator(1);
  const x = rand([BATCH, 3, 32, 32], { generator: gen });
  const y = randint(0, 10, [BATCH], { generator: gen });
  const opt = new SGD(model.parameters(), { lr: 0.01 });
  const step = async (): Promise<void> => {
    opt.zeroGrad();
    tidy(() => crossEntropy(dp.call(x), y).backward()); // the thread's backward starts during this one
    await dp.finishBackward();
    tidy(() => opt.step());
  };
  return { step, close: () => dp.close() };
}

/**
 * The seed CNN (batch 64) trained on one CPU device, with DataParallel on 2 logical CPU
 * devices (vcpu:0, vcpu:1: the replicas run one after the other on this thread) and with
 * ThreadedDataParallel on 2 threads (the replicas run in parallel), measured round-robin so a
 * change in machine load hits all three alike; next to PyTorch's nn.DataParallel on the CPU,
 * which without CUDA has no device ids and runs the module as is. The contract line compares
 * Flint's 2-thread DataParallel with PyTorch's.
 */
export async function dpBench(): Promise<void> {
  registerLogicalCpuDevices(2);
  const threaded = threadedStep(2);
  const configs: [string, Step][] = [
    ['1 device', deviceStep(['cpu'])],
    ['DataParallel, 2 logical CPU devices (one thread)', deviceStep(['vcpu:0', 'vcpu:1'])],
    ['ThreadedDataParallel, 2 threads', threaded.step],
  ];
  const rates = configs.map((): number[] => []);
  for (const [, step] of configs) await step(); // warm-up (and thread start)
  for (let r = 0; r < ROUNDS; r++) {
    for (let c = 0; c < configs.length; c++) {
      const t = performance.now();
      for (let s = 0; s < STEPS; s++) await configs[c][1]();
      rates[c].push((BATCH * STEPS * 1000) / (performance.now() - t));
    }
  }
  await threaded.close();
  const sps = rates.map(median);
  console.log(`flint seed CNN, batch ${BATCH}, SGD step, median of ${ROUNDS} round-robin rounds of ${STEPS} steps:`);
  configs.forEach(([name], c) => console.log(`  ${name}: ${sps[c].toFixed(1)} samples/s, speed-up ${(sps[c] / sps[0]).toFixed(2)}`));
  const torch = runTorch('dp_cnn.py', [String(STEPS * ROUNDS)]);
  const f = torch.figures;
  if (f?.single && f.dataParallel) {
    console.log(`torch seed CNN, batch ${BATCH}, 1 thread: ${f.single.toFixed(1)} samples/s plain, ${f.dataParallel.toFixed(1)} samples/s in nn.DataParallel (device ids: ${f.deviceIds ?? 0}), speed-up ${(f.dataParallel / f.single).toFixed(2)}`);
  }
  console.log(torch.note);
  console.log(summary('dp', 'samples/s', sps[2], torch.value, (a, b) => a / b));
}
