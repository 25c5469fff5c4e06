import { matmul, rand, tidy } from '@flint/core';
import { median, runTorch, summary } from './torch-child.js';

/** float32 1024² matmul on Flint's CPU backend (one core) vs PyTorch (one thread). */
export async function matmulBench(): Promise<void> {
  const n = 1024;
  const a = rand([n, n]);
  const b = rand([n, n]);
  tidy(() => matmul(a, b));
  const gfs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const c = matmul(a, b);
    await c.data();
    gfs.push((2 * n ** 3) / ((performance.now() - t) / 1000) / 1e9);
    c.dispose();
  }
  const flint = median(gfs);
  const torch = runTorch('matmul.py', [String(n)]);
  console.log(`flint: ${flint.toFixed(2)} GF/s (runs: ${gfs.map((g) => g.toFixed(2)).join(', ')})`);
  console.log(torch.note);
  console.log(summary('matmul', 'GF/s', flint, torch.value, (f, t) => f / t));
}
