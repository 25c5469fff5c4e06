import { describe, expect, it } from 'vitest';
import { ShapeError } from '../tensor/errors.js';
import { arange, zeros } from './creation.js';
import { channelShuffle } from './channel-shuffle.js';
import { expectClose, loadOpCase } from './golden.spec-helper.js';
import { reshape } from './view.js';

describe('channelShuffle', () => {
  for (const [name, groups] of [['channel_shuffle_g2', 2], ['channel_shuffle_g3', 3]] as const) {
    it(`${name}: output and input gradient match PyTorch (golden)`, () => {
      const f = loadOpCase(name);
      const x = f['in.x'].requiresGrad_();
      const out = channelShuffle(x, groups);
      expectClose(out, f.out, 1e-6);
      out.backward(f.grad_out);
      expectClose(x.grad, f['grad.x'], 1e-6);
    });
  }

  it('interleaves the groups: 6 channels in 2 groups become 0,3,1,4,2,5', () => {
    const x = reshape(arange(6), [1, 6, 1]);
    expect(Array.from(channelShuffle(x, 2).dataSync())).toEqual([0, 3, 1, 4, 2, 5]);
    expect(Array.from(channelShuffle(x, 3).dataSync())).toEqual([0, 2, 4, 1, 3, 5]);
  });

  it('names the op, the channels and the groups when they do not divide', () => {
    expect(() => channelShuffle(zeros([1, 5, 2, 2]), 2)).toThrow(ShapeError);
    expect(() => channelShuffle(zeros([1, 5, 2, 2]), 2)).toThrow('channelShuffle: number of channels must be divisible by groups. Got 5 channels and 2 groups');
    expect(() => channelShuffle(zeros([5, 2]), 5)).toThrow('channelShuffle: expected an input of at least 3 dimensions');
    expect(() => channelShuffle(zeros([1, 4, 2]), 0)).toThrow('channelShuffle: number of groups must be a positive integer, got 0');
  });
});
