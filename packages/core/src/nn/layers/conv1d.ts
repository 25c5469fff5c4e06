import type { Tensor } from '../../tensor/tensor.js';
import { conv1d } from '../../ops/conv1d.js';
import { Module } from '../module.js';
import { parameter } from '../parameter.js';
import { resetLinearLike } from '../init.js';
import { checkConvGroups, checkConvInput } from './conv-layer-checks.js';
import { empty } from './empty.js';

export interface Conv1dLayerOptions {
  stride?: number;
  padding?: number;
  dilation?: number;
  groups?: number;
  bias?: boolean;
}

/** 1-D convolution over [N,C,L] (or [C,L]) inputs (`nn.Conv1d`), PyTorch's default initialisation. */
export class Conv1d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(readonly inChannels: number, readonly outChannels: number, readonly kernelSize: number, readonly opts: Conv1dLayerOptions = {}) {
    super();
    const groups = opts.groups ?? 1;
    checkConvGroups('Conv1d', inChannels, outChannels, groups);
    this.weight = parameter(empty([outChannels, inChannels / groups, kernelSize]));
    this.bias = opts.bias === false ? null : parameter(empty([outChannels]));
    resetLinearLike(this.weight, this.bias);
  }

  forward(x: Tensor): Tensor {
    checkConvInput(this, x, this.inChannels, ['L']);
    return conv1d(x, this.weight, this.bias, this.opts);
  }

  override toString(): string {
    return `Conv1d ${this.inChannels}→${this.outChannels}, kernel ${this.kernelSize}`;
  }
}
