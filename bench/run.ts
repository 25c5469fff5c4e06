/**
 * `npm run bench -- <name>`: side-by-side benchmarks against PyTorch (not tests). Each
 * benchmark ends with `<name>: flint <x> <unit>, <anchor> <y> <unit>, ratio <r>`.
 */
import { enableRelaxedSimd } from '@flint/core/node';
import { cpuBench } from './cpu.js';
import { matmulBench } from './matmul.js';
import { opOverheadBench } from './op-overhead.js';
import { allReduceBench } from './allreduce.js';
import { ddpScalingBench } from './ddp-scaling.js';
import { webgpuBench } from './webgpu.js';
import { dpBench } from './dp.js';
import { browserBench } from './browser.js';
import { reduceKernelsBench } from './reduce-kernels.js';
import { vectorKernelsBench } from './vector-kernels.js';
import { gptBench } from './gpt.js';

const BENCHES: Record<string, () => Promise<void>> = {
  cpu: cpuBench,
  matmul: matmulBench,
  'op-overhead': opOverheadBench,
  allreduce: allReduceBench,
  'ddp-scaling': ddpScalingBench,
  webgpu: webgpuBench,
  dp: dpBench,
  browser: browserBench,
  'reduce-kernels': reduceKernelsBench,
  'vector-kernels': vectorKernelsBench,
  gpt: gptBench,
};

const name = process.argv[2];
const bench = name ? BENCHES[name] : undefined;
if (!bench) {
  console.error(`bench: unknown benchmark '${name ?? ''}' (known: ${Object.keys(BENCHES).join(', ')})`);
  process.exit(2);
}
// Fused multiply-add kernels where the runtime has them (Node 20 needs a V8 flag for it).
enableRelaxedSimd();
await bench();
