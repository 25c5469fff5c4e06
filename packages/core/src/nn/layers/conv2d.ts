import type { Tensor } from '../../tensor/tensor.js';
import { conv2d } from '../../ops/conv.js';
import { Module } from '../module.js';
import { parameter } from '../parameter.js';
import { resetLinearLike } from '../init.js';
import { checkConvGroups, checkConvInput } from './conv-layer-checks.js';
import { empty } from './empty.js';

type Pair = number | [number, number];
const pair = (v: Pair): [number, number] => (typeof v === 'number' ? [v, v] : v);

export interface Conv2dOptions {
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  groups?: number;
  bias?: boolean;
}

/** 2-D convolution over [N,C,H,W] (or [C,H,W]) inputs (`nn.Conv2d`). */
export class Conv2d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly dilation: [number, number];
  readonly groups: number;

  constructor(readonly inChannels: number, readonly outChannels: number, kernelSize: Pair, opts: Conv2dOptions = {}) {
    super();
    this.kernelSize = pair(kernelSize);
    this.stride = pair(opts.stride ?? 1);
    this.padding = pair(opts.padding ?? 0);
    this.dilation = pair(opts.dilation ?? 1);
    this.groups = opts.groups ?? 1;
    checkConvGroups('Conv2d', inChannels, outChannels, this.groups);
    this.weight = parameter(empty([outChannels, inChannels / this.groups, ...this.kernelSize]));
    this.bias = opts.bias === false ? null : parameter(empty([outChannels]));
    resetLinearLike(this.weight, this.bias);
  }

  forward(x: Tensor): Tensor {
    checkConvInput(this, x, this.inChannels, ['H', 'W']);
    return conv2d(x, this.weight, this.bias ?? undefined, {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      groups: this.groups,
    });
  }

  override toString(): string {
    return `Conv2d ${this.inChannels}→${this.outChannels}, kernel ${this.kernelSize.join('x')}`;
  }
}
