import type { Tensor } from '../../tensor/tensor.js';
import { convTranspose2d } from '../../ops/conv-transpose2d.js';
import type { Pair } from '../../ops/pair.js';
import { Module } from '../module.js';
import { parameter } from '../parameter.js';
import { resetLinearLike } from '../init.js';
import { checkConvGroups, checkConvInput } from './conv-layer-checks.js';
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
    checkConvGroups('ConvTranspose2d', inChannels, outChannels, groups);
    this.kernelSize = typeof kernelSize === 'number' ? [kernelSize, kernelSize] : [kernelSize[0], kernelSize[1]];
    this.weight = parameter(empty([inChannels, outChannels / groups, ...this.kernelSize]));
    this.bias = opts.bias === false ? null : parameter(empty([outChannels]));
    resetLinearLike(this.weight, this.bias);
  }

  forward(x: Tensor): Tensor {
    checkConvInput(this, x, this.inChannels, ['H', 'W']);
    return convTranspose2d(x, this.weight, this.bias, this.opts);
  }

  override toString(): string {
    return `ConvTranspose2d ${this.inChannels}→${this.outChannels}, kernel ${this.kernelSize.join('x')}`;
  }
}
