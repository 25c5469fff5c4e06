import { describe, expect, it } from 'vitest';
import { manualSeed, memory, mul, randn, scaledDotProductAttention, sum, tidy, type AttentionOptions, type Tensor } from '@flint/core';
import { relError } from '@flint/core/testing';
import { webgpuReady } from './webgpu-available.js';

const ready = await webgpuReady();

/** Output and q, k, v gradients of attention on `device` with one implementation, as host arrays. */
async function run(device: string, shapes: number[][], opts: AttentionOptions): Promise<Float32Array[]> {
  manualSeed(5);
  const host = shapes.map((s) => randn(s));
  manualSeed(6);
  const leaves = host.map((t) => {
    const d = t.to(device);
    d.requiresGrad = true;
    return d;
  });
  const gout = randn([...shapes[0].slice(0, -1), shapes[2][shapes[2].length - 1]]);
  const out = tidy(() => {
    const o = scaledDotProductAttention(leaves[0], leaves[1], leaves[2], opts);
    sum(mul(o, gout.to(device))).backward();
    return o.detach();
  });
  const values = [await out.data(), ...(await Promise.all(leaves.map((l) => (l.grad as Tensor).data())))] as Float32Array[];
  for (const t of [...host, ...leaves, out, gout]) t.dispose();
  return values;
}

// The WGSL FlashAttention kernels against the CPU's composite (matmul, softmax, matmul).
describe.skipIf(!ready)('fused attention on webgpu:0', () => {
  const cases: [string, number[][], AttentionOptions][] = [
    ['L != S, Ev != E', [[2, 2, 33, 16], [2, 2, 20, 16], [2, 2, 20, 24]], {}],
    ['causal', [[1, 3, 40, 8], [1, 3, 40, 8], [1, 3, 40, 8]], { isCausal: true }],
    ['broadcast batch and a custom scale', [[2, 3, 9, 8], [1, 3, 11, 8], [2, 1, 11, 8]], { scale: 0.4 }],
  ];
  for (const [name, shapes, opts] of cases) {
    it(name, { timeout: 300_000 }, async () => {
      const before = memory();
      const gpu = await run('webgpu:0', shapes, { ...opts, implementation: 'fused' });
      const cpu = await run('cpu', shapes, { ...opts, implementation: 'composite' });
      gpu.forEach((g, i) => expect(relError(g, cpu[i])).toBeLessThan(1e-5));
      expect(memory().buffers).toBe(before.buffers);
    });
  }
});
