/**
 * The `bench cpu` workloads in TensorFlow.js, run as a child process of bench/cpu.ts so TF.js's
 * global engine and its WebAssembly module stay out of Flint's process. Prints one JSON line:
 * `{ "figures": { w0_1t, w0_2t, w1, w2, w3 }, "backends": { ... } }`. The wasm backend
 * (XNNPACK) lacks the convolution gradient kernels, so it cannot train W2/W3; with
 * FLINT_BENCH_TFJS_CPU=1 they fall back to TF.js's cpu backend (minutes per run on this
 * machine). The backend used, or why none ran, is reported per workload.
 */
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { medianRate, rate, stopwatch, type Rate } from './cpu-timing.js';

const scale = Number(process.argv[2] ?? '1');
const steps = (n: number): number => Math.max(1, Math.round(n * scale));
async function matmulGfs(n = 1024): Promise<Rate> {
  const a = tf.randomUniform([n, n]);
  const b = tf.randomUniform([n, n]);
  for (let i = 0; i < 2; i++) await tf.matMul(a, b).data();
  const rates: Rate[] = [];
  for (let i = 0; i < 7; i++) {
    const elapsed = stopwatch();
    const c = tf.matMul(a, b);
    await c.data();
    rates.push(rate((2 * n ** 3) / 1e9, elapsed()));
    c.dispose();
  }
  tf.dispose([a, b]);
  return medianRate(rates);
}

async function trainRate(layers: tf.layers.Layer[], inputShape: number[], batch: number, n: number, warm: number): Promise<Rate> {
  const model = tf.sequential({ layers });
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'sparseCategoricalCrossentropy' });
  const x = tf.randomUniform([batch, ...inputShape]);
  const y = tf.randomUniform([batch], 0, 10, 'int32').cast('float32');
  for (let i = 0; i < warm; i++) await model.trainOnBatch(x, y);
  const elapsed = stopwatch();
  for (let i = 0; i < n; i++) await model.trainOnBatch(x, y);
  const r = rate(batch * n, elapsed());
  tf.dispose([x, y]);
  model.dispose();
  return r;
}

const L = tf.layers;
const mlp = (): tf.layers.Layer[] => [
  L.dense({ inputShape: [784], units: 256, activation: 'relu' }),
  L.dense({ units: 256, activation: 'relu' }),
  L.dense({ units: 10, activation: 'softmax' }),
];
const seedCnn = (): tf.layers.Layer[] => [
  L.conv2d({ inputShape: [32, 32, 3], filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }),
  L.flatten(),
  L.dense({ units: 10, activation: 'softmax' }),
];
const lenet5 = (): tf.layers.Layer[] => [
  L.conv2d({ inputShape: [28, 28, 1], filters: 6, kernelSize: 5, padding: 'same', activation: 'relu' }),
  L.maxPooling2d({ poolSize: 2 }),
  L.conv2d({ filters: 16, kernelSize: 5, activation: 'relu' }),
  L.maxPooling2d({ poolSize: 2 }),
  L.flatten(),
  L.dense({ units: 120, activation: 'relu' }),
  L.dense({ units: 84, activation: 'relu' }),
  L.dense({ units: 10, activation: 'softmax' }),
];

const cpuFallback = process.env.FLINT_BENCH_TFJS_CPU === '1';

/** Runs `fn` on the wasm backend, or on cpu (when allowed) if wasm lacks a kernel it needs. */
async function onWasmOrCpu(fn: (slow: boolean) => Promise<Rate>): Promise<{ value: Rate | null; backend: string }> {
  await tf.setBackend('wasm');
  try {
    return { value: await fn(false), backend: 'wasm' };
  } catch (e) {
    const why = (e as Error).message.split('\n')[0];
    if (!cpuFallback) return { value: null, backend: `none (wasm: ${why}; FLINT_BENCH_TFJS_CPU=1 tries the cpu backend)` };
    await tf.setBackend('cpu');
    try {
      return { value: await fn(true), backend: `cpu (wasm: ${why})` };
    } catch (e2) {
      return { value: null, backend: `none (wasm: ${why}; cpu: ${(e2 as Error).message.split('\n')[0]})` };
    }
  }
}

setThreadsCount(1);
await tf.setBackend('wasm');
const w0 = await matmulGfs();
const w1 = await trainRate(mlp(), [784], 128, steps(40), 5);
// The cpu backend needs seconds per conv step: one warm-up and a few timed steps.
const w2 = await onWasmOrCpu((slow) => trainRate(seedCnn(), [32, 32, 3], 64, slow ? 1 : steps(8), slow ? 1 : 2));
const w3 = await onWasmOrCpu((slow) => trainRate(lenet5(), [28, 28, 1], 64, slow ? 2 : steps(30), slow ? 1 : 5));
console.log(JSON.stringify({
  figures: { w0_1t: w0.wall, w0_2t: null, w1: w1.wall, w2: w2.value?.wall ?? null, w3: w3.value?.wall ?? null },
  cpuFigures: { w0_1t: w0.cpu, w0_2t: null, w1: w1.cpu, w2: w2.value?.cpu ?? null, w3: w3.value?.cpu ?? null },
  backends: { w0: 'wasm, 1 thread', w1: 'wasm', w2: w2.backend, w3: w3.backend },
}));
