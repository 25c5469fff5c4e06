import { describe, expect, it } from 'vitest';
import { manualSeed } from '../random/generator.js';
import { randn } from '../random/random-ops.js';
import { KernelError } from '../tensor/errors.js';
import { memory } from '../tensor/memory.js';
import { tidy } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';
import { scaledDotProductAttention, type AttentionOptions } from './attention.js';
import { ones } from './creation.js';
import { mul } from './binary.js';
import { sum } from './reduce.js';
import { relErr } from './golden.spec-helper.js';

/** Output and input gradients of attention on fresh leaves, for one implementation. */
function run(shapes: number[][], opts: AttentionOptions, seed: number): Float32Array[] {
  manualSeed(seed);
  const [q, k, v] = shapes.map((s) => randn(s, { requiresGrad: true }));
  const values = tidy(() => {
    const out = scaledDotProductAttention(q, k, v, opts);
    manualSeed(seed + 1);
    sum(mul(out, randn(out.shape))).backward();
    return [out, q.grad as Tensor, k.grad as Tensor, v.grad as Tensor].map((t) => t.dataSync() as Float32Array);
  });
  for (const t of [q, k, v]) t.dispose();
  return values;
}

// The composite path (matmul, softmax, matmul) is the reference the fused kernels must match.
describe('fused attention (FlashAttention kernels) against the composite', () => {
  const cases: [string, number[][], AttentionOptions][] = [
    ['several query and key tiles, L != S, Ev != E', [[2, 3, 130, 16], [2, 3, 70, 16], [2, 3, 70, 24]], {}],
    ['causal across tile boundaries', [[1, 2, 150, 8], [1, 2, 150, 8], [1, 2, 150, 8]], { isCausal: true }],
    ['broadcast batch dims and a custom scale', [[2, 4, 33, 16], [1, 4, 65, 16], [2, 1, 65, 16]], { scale: 0.3 }],
  ];
  for (const [name, shapes, opts] of cases) {
    it(name, () => {
      const fused = run(shapes, { ...opts, implementation: 'fused' }, 11);
      const ref = run(shapes, { ...opts, implementation: 'composite' }, 11);
      fused.forEach((f, i) => {
        expect(f.length).toBe(ref[i].length);
        expect(relErr(f, ref[i])).toBeLessThan(1e-5);
      });
    });
  }

  it('falls back to the composite with a mask; refuses "fused" there with a KernelError', () => {
    const [q, k, v] = [randn([1, 4, 8]), randn([1, 4, 8]), randn([1, 4, 8])];
    const mask = ones([4, 4], { dtype: 'bool' });
    expect(scaledDotProductAttention(q, k, v, { attnMask: mask }).shape).toEqual([1, 4, 8]);
    expect(() => scaledDotProductAttention(q, k, v, { attnMask: mask, implementation: 'fused' })).toThrow(KernelError);
  });

  it('frees everything once the graph is gone', () => {
    const before = memory();
    run([[1, 2, 40, 8], [1, 2, 40, 8], [1, 2, 40, 8]], { isCausal: true, implementation: 'fused' }, 3);
    const after = memory();
    expect(after.tensors).toBe(before.tensors);
    expect(after.buffers).toBe(before.buffers);
  });
});
