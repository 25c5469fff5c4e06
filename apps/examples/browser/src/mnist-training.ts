import * as webgpu from '@flint/backend-webgpu';
import { DataLoader, Generator, manualSeed, stateDictToBytes, TensorDataset, webWorkerPool } from '@flint/core';
import { MemoryFileSystem, MemoryLogger, Trainer } from '@flint/trainer';
import { MnistMlp } from './mnist-mlp.js';
import type { MnistWorkerData } from './mnist-dataset-module.js';
import { syntheticMnist } from './synthetic-mnist.js';

/** What one training of the MNIST MLP is asked to do. */
export interface MnistTrainingOptions {
  /** Seeds the model's initialization and the loader's shuffling. Default 0. */
  readonly seed?: number;
  /** Optimizer steps (training batches) to run; the epoch stops there. Default: the whole epoch. */
  readonly steps?: number;
  readonly batchSize?: number;
  /** Training images (generated). Default 4096. */
  readonly trainSamples?: number;
  /** 'webgpu' (default), 'auto' or 'cpu'. */
  readonly accelerator?: string;
  /** DataLoader Web Workers for the training set (0: the main thread). Needs `workerModule`. */
  readonly workers?: number;
  /** URL of the data worker script (`data-worker.js`, built from mnist-data-worker.ts). */
  readonly workerModule?: string | URL;
  /** Called after every training step with its loss (for a live chart). */
  readonly onStep?: (step: number, loss: number) => void;
}

/** What a training produced. */
export interface MnistTrainingResult {
  /** The loss of every training step, in order. */
  readonly losses: number[];
  /** Accuracy on 512 held-out images after the epoch. */
  readonly accuracy: number;
  /** The device the parameters ended on (`'webgpu:0'`, `'cpu'`). */
  readonly device: string;
  /** Median wall time of a training step (ms), the first (warm-up) step excluded. */
  readonly msPerStep: number;
  /** The trained `net` state dict as safetensors bytes (PyTorch `nn.Sequential` keys). */
  readonly weights: Uint8Array;
  /** What the trainer reported (e.g. the 'auto' fallback to CPU). */
  readonly messages: string[];
}

/**
 * Hands the trainer the WebGPU plugin by package name. A browser has no package resolution at
 * run time, so the trainer's default `import(name)` cannot find `@flint/backend-webgpu` there;
 * importing it statically here puts it in the bundle.
 */
export async function bundledPlugins(pkg: string): Promise<unknown> {
  if (pkg === '@flint/backend-webgpu') return webgpu;
  throw new Error(`Cannot find module '${pkg}': this page bundles only @flint/backend-webgpu`);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)];
};

/**
 * Trains the MNIST MLP for one epoch with `new Trainer({ accelerator, maxEpochs: 1 })`: the
 * same code in a page and in Node. Logs and checkpoints stay in memory.
 */
export async function trainMnist(opts: MnistTrainingOptions = {}): Promise<MnistTrainingResult> {
  const seed = opts.seed ?? 0;
  const batchSize = opts.batchSize ?? 64;
  manualSeed(seed);
  const model = new MnistMlp(0.1);
  const workerData: MnistWorkerData = { count: opts.trainSamples ?? 4096, seed: seed + 1 };
  const train = syntheticMnist(workerData.count, workerData.seed);
  const val = syntheticMnist(512, seed + 2);
  const workers = opts.workers ?? 0;
  const trainLoader = new DataLoader(new TensorDataset(train.x, train.y), {
    batchSize,
    shuffle: true,
    generator: new Generator(seed),
    ...(workers > 0 ? { numWorkers: workers, workerModule: opts.workerModule, workerData, workerPool: webWorkerPool } : {}),
  });
  const valLoader = new DataLoader(new TensorDataset(val.x, val.y), { batchSize: 256 });
  const messages: string[] = [];
  // Lightning reads limitTrainBatches 1 as "all of it": one step is asked as a share of the epoch.
  const limit = opts.steps === 1 ? 1.5 / trainLoader.length : opts.steps;
  const trainer = new Trainer({
    accelerator: opts.accelerator ?? 'webgpu',
    maxEpochs: 1,
    limitTrainBatches: limit,
    numSanityValSteps: 0,
    enableCheckpointing: false,
    enableProgressBar: false,
    enableModelSummary: false,
    logger: new MemoryLogger(),
    fs: new MemoryFileSystem(),
    importer: bundledPlugins,
    reporter: { warn: (m) => messages.push(m) },
  });
  const losses: number[] = [];
  const stepMs: number[] = [];
  let started = 0;
  const sub = trainer.events$.subscribe((e) => {
    if (e.type === 'batchStart' && e.stage === 'train') started = performance.now();
    if (e.type === 'batchEnd' && e.stage === 'train' && e.loss !== undefined) {
      stepMs.push(performance.now() - started);
      losses.push(e.loss);
      opts.onStep?.(losses.length, e.loss);
    }
  });
  try {
    await trainer.fit(model, trainLoader, valLoader);
  } finally {
    sub.unsubscribe();
    for (const t of [train.x, train.y, val.x, val.y]) t.dispose();
  }
  const weights = await stateDictToBytes(model.net.stateDict());
  return {
    losses,
    accuracy: trainer.callbackMetrics.val_acc,
    device: model.parameters()[0].device,
    msPerStep: median(stepMs.slice(1)),
    weights,
    messages,
  };
}
