import { describe, expect, it } from 'vitest';
import { getBackend, matmul, mean, memory, noGrad, relu, sub, tensor, tidy, type Tensor } from '@flint/core';
import { webgpuReady } from './webgpu-available.js';

const ready = await webgpuReady();

function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 0.5;
  }
  return out;
}

describe.skipIf(!ready)('GPU memory over a long run', () => {
  it('1,000 MLP training steps leave live GPU buffers and bytes flat', async () => {
    const device = 'webgpu';
    const param = (shape: number[], seed: number): Tensor =>
      tensor(values(shape[0] * (shape[1] ?? 1), seed), { shape, requiresGrad: true, device });
    const [w1, b1, w2] = [param([16, 32], 1), param([32], 2), param([32, 4], 3)];
    const x = tensor(values(64 * 16, 4), { shape: [64, 16], device });
    const y = tensor(values(64 * 4, 5), { shape: [64, 4], device });
    const gpu = getBackend(device);
    const step = (): Tensor =>
      tidy(() => {
        const err = sub(matmul(relu(matmul(x, w1).add(b1)), w2), y);
        const loss = mean(err.mul(err));
        loss.backward();
        noGrad(() => {
          for (const p of [w1, b1, w2]) {
            p.copy_(p.sub(p.grad!.mul(0.05)));
            p.grad!.dispose();
            p.grad = null;
          }
        });
        return loss.detach();
      });
    let first = Infinity;
    let last = 0;
    let at10 = gpu.memory();
    let tensors10 = memory().tensors;
    for (let i = 1; i <= 1000; i++) {
      const loss = step();
      // Read every 100 steps only: the rest stays on the GPU, batched.
      if (i === 1 || i % 100 === 0) last = await loss.item();
      loss.dispose();
      if (i === 1) first = last;
      if (i === 10) [at10, tensors10] = [gpu.memory(), memory().tensors];
    }
    const at1000 = gpu.memory();
    expect(at1000.buffers).toBe(at10.buffers);
    expect(at1000.bytes).toBe(at10.bytes);
    expect(memory().tensors).toBe(tensors10);
    expect(last).toBeLessThan(first * 0.9);
  });
});
