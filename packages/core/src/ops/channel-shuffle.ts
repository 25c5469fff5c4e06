import { ShapeError, fmtShape } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { reshape, transpose } from './view.js';

/**
 * `torch.nn.functional.channel_shuffle` (ShuffleNet): splits the C channels of [N,C,...] into
 * `groups` groups and interleaves them, as reshape [N,g,C/g,...] -> transpose(1,2) -> reshape.
 */
export function channelShuffle(x: Tensor, groups: number): Tensor {
  x.assertLive('channelShuffle');
  if (x.ndim < 3) throw new ShapeError(`channelShuffle: expected an input of at least 3 dimensions [N,C,...], got ${fmtShape(x.shape)}`);
  if (!Number.isInteger(groups) || groups < 1) throw new ShapeError(`channelShuffle: number of groups must be a positive integer, got ${groups}`);
  const [n, c, ...rest] = x.shape;
  if (c % groups !== 0) {
    throw new ShapeError(`channelShuffle: number of channels must be divisible by groups. Got ${c} channels and ${groups} groups (input ${fmtShape(x.shape)})`);
  }
  return reshape(transpose(reshape(x, [n, groups, c / groups, ...rest]), 1, 2), x.shape);
}
