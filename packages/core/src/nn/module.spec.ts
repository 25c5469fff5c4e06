import { describe, expect, it } from 'vitest';
import { ShapeError } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { ones, tensor, zeros } from '../ops/creation.js';
import { add, mul } from '../ops/binary.js';
import { sum } from '../ops/reduce.js';
import { Module } from './module.js';
import { ModuleDict, ModuleList, Sequential } from './containers.js';
import { buffer, parameter } from './parameter.js';
import { StateDictError } from './state-dict-error.js';

class Scale extends Module {
  weight = parameter(ones([3]));
  bias = parameter(zeros([3]));
  count = buffer(zeros([1]));
  scratch = buffer(zeros([1]), { persistent: false });
  forward(x: Tensor): Tensor {
    return add(mul(x, this.weight), this.bias);
  }
}

class Net extends Module {
  first = new Scale();
  body = new Sequential(new Scale(), new Scale());
  heads = new ModuleList([new Scale()]);
  named = new ModuleDict({ out: new Scale() });
  forward(x: Tensor): Tensor {
    return this.body.call(this.first.call(x));
  }
}

describe('Module', () => {
  it('finds parameters, buffers and children from its fields, with PyTorch keys in order', () => {
    const net = new Net();
    expect(Object.keys(net.stateDict())).toEqual([
      'first.weight', 'first.bias', 'first.count',
      'body.0.weight', 'body.0.bias', 'body.0.count',
      'body.1.weight', 'body.1.bias', 'body.1.count',
      'heads.0.weight', 'heads.0.bias', 'heads.0.count',
      'named.out.weight', 'named.out.bias', 'named.out.count',
    ]);
    expect(net.parameters()).toHaveLength(10);
    expect([...net.namedBuffers()].map(([k]) => k)).toContain('first.scratch');
    expect(net.parameters().every((p) => p.requiresGrad)).toBe(true);
  });

  it('train/eval reach every descendant', () => {
    const net = new Net().eval();
    expect([...net.modules()].every((m) => !m.training)).toBe(true);
    net.train();
    expect(net.body.at(1).training).toBe(true);
  });

  it('loads a state dict in place and reports or throws on key mismatches', async () => {
    const a = new Scale();
    const w = a.weight;
    const res = a.loadStateDict({ weight: tensor([1, 2, 3]), extra: tensor([0]) }, { strict: false });
    expect(res).toEqual({ missingKeys: ['bias', 'count'], unexpectedKeys: ['extra'] });
    expect(a.weight).toBe(w);
    expect(await a.weight.toArray()).toEqual([1, 2, 3]);
    expect(() => a.loadStateDict({ weight: tensor([1, 2, 3]) })).toThrow(StateDictError);
    expect(() => a.loadStateDict({ 'module.weight': tensor([1]) })).toThrow(/stripPrefix: 'module.'/);
    expect(() => a.loadStateDict({ weight: tensor([1, 2]), bias: zeros([3]), count: zeros([1]) })).toThrow(ShapeError);
    expect(() => a.loadStateDict({ weight: tensor([1, 2]), bias: zeros([3]), count: zeros([1]) })).toThrow(
      'size mismatch for weight: copying a param with shape [2] from checkpoint, the shape in current model is [3]',
    );
  });

  it('runs forward hooks through call and zeroes gradients', async () => {
    const s = new Scale();
    const seen: number[][] = [];
    const remove = s.registerForwardHook((_m, _in, out) => void seen.push([...out.shape]));
    s.registerForwardPreHook((_m, [x]) => [mul(x, 2)]);
    const y = s.call(tensor([1, 2, 3]));
    expect(await y.toArray()).toEqual([2, 4, 6]);
    expect(seen).toEqual([[3]]);
    remove();
    s.call(tensor([1, 2, 3]));
    expect(seen).toHaveLength(1);
    sum(y).backward();
    expect(s.weight.grad).not.toBeNull();
    s.zeroGrad();
    expect(s.weight.grad).toBeNull();
  });
});
