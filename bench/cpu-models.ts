import { Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential } from '@flint/core';

/** The `bench cpu` models, layer for layer as in bench/torch/cpu_workloads.py and tfjs-workloads.ts. */
export const mlp = (): Sequential => new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 256), new ReLU(), new Linear(256, 10));

/** DESIGN.md section 8: Conv2d(3, 64, 3, 1, 1) -> ReLU -> flatten -> Linear(65536, 10), on 3x32x32. */
export const seedCnn = (): Sequential =>
  new Sequential(new Conv2d(3, 64, 3, { stride: 1, padding: 1 }), new ReLU(), new Flatten(), new Linear(64 * 32 * 32, 10));

/** LeNet-5 on 1x28x28 (MNIST), ReLU and max pooling as in the PyTorch tutorials. */
export const lenet5 = (): Sequential =>
  new Sequential(
    new Conv2d(1, 6, 5, { padding: 2 }), new ReLU(), new MaxPool2d(2),
    new Conv2d(6, 16, 5), new ReLU(), new MaxPool2d(2), new Flatten(),
    new Linear(400, 120), new ReLU(), new Linear(120, 84), new ReLU(), new Linear(84, 10),
  );
