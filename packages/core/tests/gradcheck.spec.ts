import { describe, expect, it } from 'vitest';
import { OP_CASES, goldenOp, gradcheck, hasCoreOp, type CoreOpName } from '../src/testing/index.js';

/** Every differentiable op core exports (or is about to): each must have a gradient check. */
const DIFFERENTIABLE: readonly CoreOpName[] = [
  'add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'pow', 'neg', 'abs', 'exp', 'log', 'sqrt', 'sin', 'cos', 'floor', 'ceil', 'round', 'tanh', 'sigmoid', 'relu', 'gelu', 'clamp', 'where',
  'sum', 'mean', 'amax', 'logsumexp', 'variance', 'softmax', 'logSoftmax', 'matmul', 'linear', 'bmm', 'conv2d', 'maxPool2d', 'avgPool2d',
  'adaptiveAvgPool2d', 'batchNorm', 'layerNorm', 'crossEntropy', 'nllLoss', 'mseLoss', 'bceWithLogits', 'gather', 'indexSelect', 'embedding',
  'cat', 'stack', 'permute', 'transpose', 'reshape', 'narrow', 'slice', 'expand', 'flatten', 'channelShuffle',
];

describe('gradcheck: autograd vs float64 central differences', () => {
  for (const c of OP_CASES) {
    it(c.name, async () => {
      const r = await gradcheck(c);
      expect(r.passed, r.message).toBe(true);
    });
  }
});

describe('gradcheck coverage', () => {
  for (const name of DIFFERENTIABLE) {
    it(`${name} is exported and has a case`, () => {
      expect(hasCoreOp(name), `${name} is not exported by @flint/core`).toBe(true);
      expect(OP_CASES.some((c) => goldenOp(c.op).uses.includes(name)), `no gradcheck case uses ${name}`).toBe(true);
    });
  }
});
