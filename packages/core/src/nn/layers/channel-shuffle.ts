import type { Tensor } from '../../tensor/tensor.js';
import { channelShuffle } from '../../ops/channel-shuffle.js';
import { Module } from '../module.js';

/** `nn.ChannelShuffle(groups)` from ShuffleNet: channels must divide by `groups`. */
export class ChannelShuffle extends Module {
  constructor(readonly groups: number) {
    super();
  }
  forward(x: Tensor): Tensor {
    return channelShuffle(x, this.groups);
  }
}
