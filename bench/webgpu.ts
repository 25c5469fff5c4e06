import { getBackend, matmul, rand, tidy } from '@flint/core';
import { initWebGpu, type WebGpuBackend } from '@flint/backend-webgpu';
import { median, runTorch, summary } from './torch-child.js';
import { flintTrainRate } from './cpu-flint.js';
import { mlp } from './cpu-models.js';

/** GF/s of an n x n float32 matmul on `device`, median of `runs` after a warm-up. */
async function matmulGfs(device: string, n: number, runs: number): Promise<number> {
  const a = rand([n, n], { device });
  const b = rand([n, n], { device });
  await tidy(() => matmul(a, b)).data();
  const gfs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const c = matmul(a, b);
    await c.data();
    gfs.push((2 * n ** 3) / ((performance.now() - t) / 1000) / 1e9);
    c.dispose();
  }
  a.dispose();
  b.dispose();
  return median(gfs);
}

/** Training samples/s (wall time) of the MLP 784-256-256-10, batch 128, on `device`. */
async function mlpRate(device: string, steps: number): Promise<number> {
  return (await flintTrainRate(mlp(), [784], 128, steps, device)).wall;
}

const fmt = (v: number | null): string => (v === null ? 'n/a' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const ratio = (a: number, b: number | null): string => (b ? (a / b).toFixed(2) : 'n/a');

/**
 * `npm run bench -- webgpu`: float32 1024² matmul GF/s and MLP 784-256-256-10 (batch 128)
 * training samples/s on WebGPU, next to Flint's CPU backend and PyTorch (one CPU thread, the
 * anchor of the closing line). Without a GPU this runs on lavapipe (Mesa's software Vulkan).
 */
export async function webgpuBench(): Promise<void> {
  process.env.XDG_RUNTIME_DIR ??= '/tmp';
  if ((await initWebGpu()) === 0) throw new Error('bench webgpu: no WebGPU adapter (install mesa-vulkan-drivers from bookworm-backports)');
  const adapter = (getBackend('webgpu') as WebGpuBackend).adapterName;
  const n = 1024;
  const gpuGfs = await matmulGfs('webgpu', n, 5);
  const cpuGfs = await matmulGfs('cpu', n, 5);
  const torchGfs = runTorch('matmul.py', [String(n)]);
  const gpuMlp = await mlpRate('webgpu', 10);
  const cpuMlp = await mlpRate('cpu', 20);
  const torchMlp = runTorch('mlp_train.py', ['40']);
  console.log(`adapter: ${adapter}; ${torchGfs.note}`);
  console.log(`matmul ${n}²: webgpu ${fmt(gpuGfs)} GF/s, flint cpu ${fmt(cpuGfs)} GF/s, torch ${fmt(torchGfs.value)} GF/s; ` +
    `webgpu/cpu ${ratio(gpuGfs, cpuGfs)}, webgpu/torch ${ratio(gpuGfs, torchGfs.value)}`);
  console.log(`mlp 784-256-256-10 b128 training: webgpu ${fmt(gpuMlp)} samples/s, flint cpu ${fmt(cpuMlp)} samples/s, torch ${fmt(torchMlp.value)} samples/s; ` +
    `webgpu/cpu ${ratio(gpuMlp, cpuMlp)}, webgpu/torch ${ratio(gpuMlp, torchMlp.value)}`);
  console.log(summary('webgpu', 'samples/s', gpuMlp, torchMlp.value, (f, t) => f / t));
}
