import { describe, expect, it } from 'vitest';
import { conv2d, matmul, sum, tensor, type Tensor } from '@flint/core';
import { webgpuReady } from './webgpu-available.js';

const ready = await webgpuReady();

const values = (n: number, seed: number): Float32Array => {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
};

/** max |a - b| / max(1, max |b|), the fixtures' relative error. */
function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 1;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
}

/** Runs `fn` on both devices with the same inputs; returns each output's relative error. */
async function compare(shapes: number[][], fn: (xs: Tensor[]) => Tensor[]): Promise<number[]> {
  const run = async (device: string): Promise<Float32Array[]> => {
    const xs = shapes.map((s, k) => tensor(values(s.reduce((p, d) => p * d, 1), k + 1), { shape: s, device, requiresGrad: true }));
    const outs = fn(xs);
    const got = await Promise.all(outs.map(async (o) => (await o.data()) as Float32Array));
    for (const t of [...outs, ...xs]) t.dispose();
    return got;
  };
  const [cpu, gpu] = [await run('cpu'), await run('webgpu')];
  expect(gpu.length).toBe(cpu.length);
  return cpu.map((want, k) => {
    expect(gpu[k].length).toBe(want.length);
    return relError(gpu[k], want);
  });
}

describe.skipIf(!ready)('the tiled GEMM on webgpu:0 (split K, narrow tiles, implicit-GEMM conv)', () => {
  it('a long K with one output tile is split and recombined: [16,8192] @ [8192,10]', async () => {
    const [err] = await compare([[16, 8192], [8192, 10]], ([a, b]) => [matmul(a, b)]);
    expect(err).toBeLessThan(1e-5);
  });

  it('batched, broadcast and transposed operands through the same loads', async () => {
    const errs = await compare([[3, 1, 37, 70], [5, 70, 19]], ([a, b]) => [matmul(a, b), matmul(b.transpose(1, 2), a.transpose(2, 3))]);
    for (const e of errs) expect(e).toBeLessThan(1e-5);
  });

  it('conv forward and both gradients over a batch whose filter gradient is split (K = 8*16*16)', async () => {
    const errs = await compare([[8, 6, 16, 16], [12, 3, 3, 3]], ([x, w]) => {
      const y = conv2d(x, w, undefined, { padding: 1, groups: 2 });
      sum(y.mul(y)).backward();
      return [y, x.grad!, w.grad!];
    });
    for (const e of errs) expect(e).toBeLessThan(1e-4);
  });

  it('strided, dilated conv with wide output channels (64-wide tiles)', async () => {
    const errs = await compare([[2, 3, 11, 9], [40, 3, 3, 2]], ([x, w]) => {
      const y = conv2d(x, w, undefined, { stride: [2, 1], padding: [1, 2], dilation: [2, 1] });
      sum(y.mul(y)).backward();
      return [y, x.grad!, w.grad!];
    });
    for (const e of errs) expect(e).toBeLessThan(1e-4);
  });
});
