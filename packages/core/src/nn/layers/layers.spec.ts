import { describe, expect, it } from 'vitest';
import { tensor, ones, zeros } from '../../ops/creation.js';
import { manualSeed } from '../../random/generator.js';
import { rand } from '../../random/random-ops.js';
import { Module } from '../module.js';
import { Sequential } from '../containers.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Linear } from './linear.js';
import { Conv2d } from './conv2d.js';
import { BatchNorm2d } from './batch-norm.js';
import { Dropout } from './dropout.js';
import { Embedding } from './embedding.js';
import { ChannelShuffle } from './channel-shuffle.js';
import { MaxPool2d } from './pooling.js';
import { Flatten, ReLU } from './activations.js';

class Classifier extends Module {
  fc1 = new Linear(784, 10);
  forward(x: Tensor): Tensor {
    return this.fc1.call(x);
  }
}

describe('layers', () => {
  it('Linear uses PyTorch default init bounds: |w|, |b| <= 1/sqrt(in)', async () => {
    manualSeed(0);
    const l = new Linear(100, 20);
    const w = await l.weight.data();
    const b = await l.bias!.data();
    const bound = 1 / Math.sqrt(100);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(bound * 0.9);
    expect(Math.max(...b.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(l.call(ones([3, 100])).shape).toEqual([3, 20]);
  });

  it('one seed gives the same initial weights', async () => {
    manualSeed(42);
    const a = await new Conv2d(3, 8, 3).weight.data();
    manualSeed(42);
    const b = await new Conv2d(3, 8, 3).weight.data();
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('a wrong input names the module path and the expected size', () => {
    expect(() => new Classifier().call(zeros([64, 100]))).toThrow('fc1 (Linear 784→10): input [64,100] does not match in_features 784');
    expect(() => new Sequential(new Linear(4, 2)).call(zeros([1, 3]))).toThrow('0 (Linear 4→2): input [1,3] does not match in_features 4');
    expect(() => new Conv2d(3, 4, 3).call(zeros([1, 2, 8, 8]))).toThrow('Conv2d 3→4, kernel 3x3: input [1,2,8,8] does not match in_channels 3 (expected [N,3,H,W])');
  });

  it('BatchNorm2d updates running stats in training and uses them in eval', async () => {
    const bn = new BatchNorm2d(2);
    const x = tensor([[[[1, 3]], [[2, 6]]], [[[5, 7]], [[4, 8]]]]); // [2,2,1,2]
    bn.call(x);
    // channel 0 values 1,3,5,7: mean 4, unbiased var 6.667; channel 1: 2,6,4,8 mean 5, var 6.667
    const rm = await bn.running_mean!.toArray();
    expect(rm).toEqual([expect.closeTo(0.4, 6), expect.closeTo(0.5, 6)]);
    expect(await bn.running_var!.toArray()).toEqual([expect.closeTo(0.9 + 0.1 * 20 / 3, 5), expect.closeTo(0.9 + 0.1 * 20 / 3, 5)]);
    expect(await bn.num_batches_tracked!.item()).toBe(1);
    bn.eval();
    const y = await bn.call(x).data();
    expect(y[0]).toBeCloseTo((1 - 0.4) / Math.sqrt(0.9 + 0.1 * 20 / 3 + 1e-5), 4);
    expect(Object.keys(bn.stateDict())).toEqual(['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
  });

  it('Dropout zeroes about p of the inputs, rescales the rest, and is the identity in eval', async () => {
    manualSeed(1);
    const d = new Dropout(0.25);
    const y = await d.call(ones([10000])).data();
    const zerosCount = y.filter((v) => v === 0).length;
    expect(zerosCount / 10000).toBeGreaterThan(0.22);
    expect(zerosCount / 10000).toBeLessThan(0.28);
    expect(y.find((v) => v !== 0)).toBeCloseTo(1 / 0.75, 6);
    d.eval();
    const x = rand([5]);
    expect(d.call(x)).toBe(x);
    expect(() => new Dropout(1.5)).toThrow('Dropout: probability has to be between 0 and 1, but got 1.5');
  });

  it('Embedding looks rows up; ChannelShuffle checks divisibility', async () => {
    const e = new Embedding(10, 3);
    const out = e.call(tensor([[1, 2], [3, 1]], { dtype: 'int32' }));
    expect(out.shape).toEqual([2, 2, 3]);
    const w = await e.weight.toArray() as number[][];
    expect((await out.toArray() as number[][][])[1][1]).toEqual(w[1]);
    expect(() => new ChannelShuffle(4).call(zeros([1, 6, 2, 2]))).toThrow(/6.*4|4.*6/);
  });

  it('LeNet as a Sequential has the state-dict keys PyTorch gives it', () => {
    const lenet = new Sequential(
      new Conv2d(1, 6, 5), new BatchNorm2d(6), new ReLU(), new MaxPool2d(2),
      new Conv2d(6, 16, 5), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(256, 10),
    );
    expect(Object.keys(lenet.stateDict())).toEqual([
      '0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked',
      '4.weight', '4.bias', '8.weight', '8.bias',
    ]);
    expect(lenet.call(zeros([2, 1, 28, 28])).shape).toEqual([2, 10]);
  });
});
