import { describe, expect, it } from 'vitest';
import { Linear, ReLU, Sequential, SGD, mseLoss, randn } from '../index.js';

describe('Module.freeze / unfreeze', () => {
  it('a frozen part gets no gradient and keeps its weights through an SGD step; unfreeze restores training', async () => {
    const model = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2));
    const backbone = model.at(0) as Linear;
    expect(backbone.freeze()).toBe(backbone);
    expect(backbone.parameters().every((p) => !p.requiresGrad)).toBe(true);
    expect((model.at(2) as Linear).parameters().every((p) => p.requiresGrad)).toBe(true);
    const before = await backbone.weight.toArray();
    const headBefore = await (model.at(2) as Linear).weight.toArray();
    const opt = new SGD(model.parameters(), { lr: 0.1 });
    mseLoss(model.call(randn([5, 4])), randn([5, 2])).backward();
    expect(backbone.weight.grad).toBeNull();
    opt.step();
    expect(await backbone.weight.toArray()).toEqual(before);
    expect(await (model.at(2) as Linear).weight.toArray()).not.toEqual(headBefore);
    model.unfreeze();
    expect(model.parameters().every((p) => p.requiresGrad)).toBe(true);
    opt.zeroGrad();
    mseLoss(model.call(randn([5, 4])), randn([5, 2])).backward();
    expect(backbone.weight.grad).not.toBeNull();
  });
});
