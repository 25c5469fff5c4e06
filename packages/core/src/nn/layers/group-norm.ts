import type { Tensor } from '../../tensor/tensor.js';
import { fmtShape } from '../../tensor/errors.js';
import { ones, zeros } from '../../ops/creation.js';
import { groupNorm } from '../../ops/group-norm.js';
import { Module } from '../module.js';
import { parameter } from '../parameter.js';
import { LayerInputError } from '../layer-input-error.js';

/** `nn.GroupNorm`: per-channel `weight` (ones) and `bias` (zeros) when `affine` (default). */
export class GroupNorm extends Module {
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;

  constructor(readonly numGroups: number, readonly numChannels: number, readonly opts: { eps?: number; affine?: boolean } = {}) {
    super();
    if (!Number.isInteger(numGroups) || numGroups < 1 || numChannels % numGroups !== 0) {
      throw new RangeError(`GroupNorm: num_channels ${numChannels} must be divisible by num_groups ${numGroups}`);
    }
    const affine = opts.affine ?? true;
    this.weight = affine ? parameter(ones([numChannels])) : null;
    this.bias = affine ? parameter(zeros([numChannels])) : null;
  }

  forward(x: Tensor): Tensor {
    if (x.ndim < 2 || x.shape[1] !== this.numChannels) {
      throw new LayerInputError(this, this.toString(), `input ${fmtShape(x.shape)} does not match num_channels ${this.numChannels} (expected [N,${this.numChannels},...])`);
    }
    return groupNorm(x, this.numGroups, this.weight, this.bias, this.opts.eps ?? 1e-5);
  }

  override toString(): string {
    return `GroupNorm ${this.numGroups} groups, ${this.numChannels} channels`;
  }
}
