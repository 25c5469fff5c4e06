import { TensorDataset } from '@flint/core';
import { syntheticMnist } from './synthetic-mnist.js';

/** What the page sends each data worker (`DataLoader`'s `workerData`). */
export interface MnistWorkerData {
  readonly count: number;
  readonly seed: number;
}

/** Builds the training set inside a DataLoader worker: the same images as on the main thread. */
export function createDataset(data: MnistWorkerData): TensorDataset {
  const { x, y } = syntheticMnist(data.count, data.seed);
  return new TensorDataset(x, y);
}
