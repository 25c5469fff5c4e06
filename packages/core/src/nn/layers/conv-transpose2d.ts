import type { Tensor } from '../../tensor/tensor.js';
import { fmtShape } from '../../tensor/errors.js';
import { convTranspose2d } from '../../ops/conv-transpose2d.js';
import type { Pair } from '../../ops/pair.js';
import { Module } from '../module.js';
import { parameter } from '../parameter.js';
import { resetLinearLike } from '../init.js';
import { LayerInputError } from '../layer-input-error.js';
import { empty } from './empty.js';

export interface ConvTranspose2dLayerOptions {
  stride?: Pair;
  padding?: Pair;
  outputPadding?: Pair;
  dilation?: Pair;
  groups?: number;
  bias?: boolean;
}

/**
 * Transposed 2-D convolution (`nn.ConvTranspose2d`): weight [Cin, Cout/groups, kh, kw], PyTorch's
 * default initialisation (kaiming-uniform with a = sqrt(5) over fan-in `Cout/groups * kh * kw`).
 */
export class ConvTranspose2d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly kernelSize: [number, number];

  constructor(readonly inChannels: number, readonly outChannels: number, kernelSize: Pair, readonly opts: ConvTranspose2dLayerOptions = {}) {
    super();
    const groups = opts.groups ?? 1;
    if (inChannels % groups || outChannels % groups) {
      throw new RangeError(`ConvTranspose2d: in_channels ${inChannels} and out_channels ${outChannels} must be divisible by groups ${groups}`);
    }
    this.kernelSize = typeof kernelSize === 'number' ? [kernelSize, kernelSize] : [kernelSize[0], kernelSize[1]];
    this.weight = parameter(empty([inChannels, outChannels / groups, ...this.kernelSize]));
    this.bias = opts.bias === false ? null : parameter(empty([outChannels]));
    resetLinearLike(this.weight, this.bias);
  }

  forward(x: Tensor): Tensor {
    const c = x.ndim === 4 ? x.shape[1] : x.ndim === 3 ? x.shape[0] : -1;
    if (c !== this.inChannels) {
      throw new LayerInputError(this, this.toString(), `input ${fmtShape(x.shape)} does not match in_channels ${this.inChannels} (expected [N,${this.inChannels},H,W])`);
    }
    return convTranspose2d(x, this.weight, this.bias, this.opts);
  }

  override toString(): string {
    return `ConvTranspose2d ${this.inChannels}→${this.outChannels}, kernel ${this.kernelSize.join('x')}`;
  }
}
