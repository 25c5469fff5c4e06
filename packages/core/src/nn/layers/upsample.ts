import type { Tensor } from '../../tensor/tensor.js';
import { interpolate, type InterpolateOptions } from '../../ops/interpolate.js';
import { Module } from '../module.js';

/** `nn.Upsample`: `interpolate` with fixed options (size or scaleFactor, mode, alignCorners). */
export class Upsample extends Module {
  constructor(readonly opts: InterpolateOptions) {
    super();
  }

  forward(x: Tensor): Tensor {
    return interpolate(x, this.opts);
  }
}
