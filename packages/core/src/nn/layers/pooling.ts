import type { Tensor } from '../../tensor/tensor.js';
import { adaptiveAvgPool2d, avgPool2d, maxPool2d } from '../../ops/pool.js';
import { Module } from '../module.js';

type Pair = number | [number, number];

/** `nn.MaxPool2d(kernelSize, stride = kernelSize, padding = 0)`. */
export class MaxPool2d extends Module {
  constructor(readonly kernelSize: Pair, readonly opts: { stride?: Pair; padding?: Pair } = {}) {
    super();
  }
  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.kernelSize, this.opts);
  }
}

/** `nn.AvgPool2d(kernelSize, stride = kernelSize, padding = 0, countIncludePad = true)`. */
export class AvgPool2d extends Module {
  constructor(readonly kernelSize: Pair, readonly opts: { stride?: Pair; padding?: Pair; countIncludePad?: boolean } = {}) {
    super();
  }
  forward(x: Tensor): Tensor {
    return avgPool2d(x, this.kernelSize, this.opts);
  }
}

/** `nn.AdaptiveAvgPool2d(outputSize)`. */
export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: Pair) {
    super();
  }
  forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize);
  }
}
