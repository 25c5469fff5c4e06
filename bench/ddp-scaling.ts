import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort, spawn } from '@flint/strategy-ddp';
import { openBlasLibDir } from './openblas.js';
import { summary } from './torch-child.js';

// Flint's 1-rank step takes about 7 ms: 100 steps keep start-up noise out of the figure.
const STEPS = 100;
const BATCH = 64;

async function flintSamplesPerSecond(ranks: number): Promise<number> {
  const seconds = (await spawn(new URL('./ddp/mlp-scaling-rank.ts', import.meta.url), 'mlpRank', { nprocs: ranks, args: [STEPS, BATCH], timeoutMs: 600_000 })) as number[];
  return (ranks * STEPS * BATCH) / Math.max(...seconds);
}

/** PyTorch's [1 rank, 2 ranks] samples/s with the BLAS `env` loads (Debian's reference BLAS by default). */
async function torchSamplesPerSecond(label: string, env: NodeJS.ProcessEnv = {}): Promise<[number, number] | null> {
  if (!existsSync('/usr/bin/python3')) return null;
  const script = fileURLToPath(new URL('./torch/ddp_scaling.py', import.meta.url));
  const r = spawnSync('/usr/bin/python3', [script, String(STEPS), String(BATCH), String(await freePort())], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', ...env },
    timeout: 600_000,
  });
  const line = r.stdout?.trim().split('\n').pop();
  if (r.status !== 0 || !line) {
    console.log(`${label} unavailable: ${(r.stderr ?? '').trim().split('\n').pop() ?? `exit ${r.status}`}`);
    return null;
  }
  return (JSON.parse(line) as { value: [number, number] }).value;
}

const efficiency = ([one, two]: [number, number]): number => (100 * two) / (2 * one);

/**
 * Samples/s of the MLP (784-512-512-10) on 1 rank and with DDP on 2 (worker threads over shm,
 * batch 64 per rank: weak scaling), and the scaling efficiency sps(2) / (2 sps(1)), next to
 * PyTorch DDP over gloo (processes) on the same model and batch, with Debian's reference BLAS
 * and with OpenBLAS. The contract line compares the efficiencies, against OpenBLAS when it is
 * available (PyTorch as pip users have it: its short step makes communication weigh as much as
 * in Flint's), else the reference BLAS.
 */
export async function ddpScalingBench(): Promise<void> {
  const one = await flintSamplesPerSecond(1);
  const two = await flintSamplesPerSecond(2);
  const eff = efficiency([one, two]);
  console.log(`flint: ${one.toFixed(0)} samples/s on 1 rank, ${two.toFixed(0)} samples/s on 2 ranks (shm), scaling efficiency ${eff.toFixed(1)} %`);
  const ref = await torchSamplesPerSecond('torch gloo');
  if (ref) console.log(`torch gloo (reference BLAS): ${ref[0].toFixed(0)} samples/s on 1 rank, ${ref[1].toFixed(0)} samples/s on 2 ranks, scaling efficiency ${efficiency(ref).toFixed(1)} %`);
  // With OpenBLAS PyTorch's step is as short as Flint's, so communication weighs as much in it.
  const blas = openBlasLibDir();
  const fast = 'dir' in blas ? await torchSamplesPerSecond('torch gloo + OpenBLAS', { LD_LIBRARY_PATH: [blas.dir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') }) : null;
  if (fast) console.log(`torch gloo (OpenBLAS): ${fast[0].toFixed(0)} samples/s on 1 rank, ${fast[1].toFixed(0)} samples/s on 2 ranks, scaling efficiency ${efficiency(fast).toFixed(1)} %`);
  else if (!('dir' in blas)) console.log(`torch gloo + OpenBLAS unavailable: ${blas.reason}`);
  // The headline anchor is PyTorch as pip users have it (an optimised BLAS), as in `bench cpu`.
  const anchor = fast ?? ref;
  console.log(`headline: gloo = ${fast ? 'torch gloo (OpenBLAS)' : 'torch gloo (reference BLAS)'}`);
  console.log(summary('ddp-scaling', '%', eff, anchor ? efficiency(anchor) : null, (f, t) => f / t).replace(', torch ', ', gloo '));
}
