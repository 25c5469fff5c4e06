import { Conv2d, Linear, Module, flatten, manualSeed, relu, type Tensor } from '@flint/core';

/** The seed CNN of DESIGN.md §8 (conv1 -> ReLU -> flatten -> fc). */
export class SeedCnn extends Module {
  conv1 = new Conv2d(3, 64, 3, { stride: 1, padding: 1 });
  fc = new Linear(64 * 32 * 32, 10);
  forward(x: Tensor): Tensor {
    return this.fc.call(flatten(relu(this.conv1.call(x)), 1));
  }
}

/** What the DataParallel bench's replica threads import to build their copy of the model. */
export function seedCnn(): SeedCnn {
  manualSeed(0);
  return new SeedCnn();
}
