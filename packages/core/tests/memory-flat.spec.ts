import { describe, expect, it } from 'vitest';
import { matmul, memory, mean, noGrad, relu, sub, tensor, tidy, type Tensor } from '../src/index.js';

/** Deterministic pseudo-random values, so the test needs nothing beyond core. */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 0.5;
  }
  return out;
}

const param = (shape: number[], seed: number): Tensor =>
  tensor(values(shape.reduce((a, b) => a * b, 1), seed), { shape, requiresGrad: true });

describe('memory over a long run', () => {
  it('1,000 MLP training steps inside tidy leave live tensors and bytes flat', async () => {
    const w1 = param([16, 32], 1);
    const b1 = param([32], 2);
    const w2 = param([32, 4], 3);
    const x = tensor(values(64 * 16, 4), { shape: [64, 16] });
    const y = tensor(values(64 * 4, 5), { shape: [64, 4] });
    const params = [w1, b1, w2];
    const step = (): Tensor =>
      tidy(() => {
        const h = relu(matmul(x, w1).add(b1));
        const err = sub(matmul(h, w2), y);
        const loss = mean(err.mul(err));
        loss.backward();
        noGrad(() => {
          for (const p of params) {
            p.copy_(p.sub(p.grad!.mul(0.05)));
            p.grad!.dispose();
            p.grad = null;
          }
        });
        return loss.detach();
      });

    let first = Infinity;
    let last = 0;
    let at10 = memory();
    for (let i = 1; i <= 1000; i++) {
      const loss = step();
      const v = await loss.item();
      loss.dispose();
      if (i === 1) first = v;
      if (i === 10) at10 = memory();
      last = v;
    }
    const at1000 = memory();
    expect(at1000.tensors).toBe(at10.tensors);
    expect(at1000.buffers).toBe(at10.buffers);
    expect(at1000.bytes).toBe(at10.bytes);
    expect(last).toBeLessThan(first * 0.9);
  });
});
