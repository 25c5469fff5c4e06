import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort, spawn } from '@flint/strategy-ddp';
import { summary } from './torch-child.js';

const STEPS = 30;
const BATCH = 64;

async function flintSamplesPerSecond(ranks: number): Promise<number> {
  const seconds = (await spawn(new URL('./ddp/mlp-scaling-rank.ts', import.meta.url), 'mlpRank', { nprocs: ranks, args: [STEPS, BATCH], timeoutMs: 600_000 })) as number[];
  return (ranks * STEPS * BATCH) / Math.max(...seconds);
}

async function torchSamplesPerSecond(): Promise<[number, number] | null> {
  if (!existsSync('/usr/bin/python3')) return null;
  const script = fileURLToPath(new URL('./torch/ddp_scaling.py', import.meta.url));
  const r = spawnSync('/usr/bin/python3', [script, String(STEPS), String(BATCH), String(await freePort())], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1' },
    timeout: 600_000,
  });
  const line = r.stdout?.trim().split('\n').pop();
  if (r.status !== 0 || !line) {
    console.log(`torch DDP unavailable: ${(r.stderr ?? '').trim().split('\n').pop() ?? `exit ${r.status}`}`);
    return null;
  }
  return (JSON.parse(line) as { value: [number, number] }).value;
}

/**
 * Samples/s of the MLP (784-512-512-10) on 1 rank and with DDP on 2 (worker threads over shm,
 * batch 64 per rank: weak scaling), and the scaling efficiency sps(2) / (2 sps(1)), next to
 * PyTorch DDP over gloo (processes) on the same model and batch. The contract line compares
 * the efficiencies.
 */
export async function ddpScalingBench(): Promise<void> {
  const one = await flintSamplesPerSecond(1);
  const two = await flintSamplesPerSecond(2);
  const eff = (100 * two) / (2 * one);
  const ref = await torchSamplesPerSecond();
  const refEff = ref ? (100 * ref[1]) / (2 * ref[0]) : null;
  console.log(`flint: ${one.toFixed(0)} samples/s on 1 rank, ${two.toFixed(0)} samples/s on 2 ranks (shm), scaling efficiency ${eff.toFixed(1)} %`);
  if (ref) console.log(`torch gloo: ${ref[0].toFixed(0)} samples/s on 1 rank, ${ref[1].toFixed(0)} samples/s on 2 ranks, scaling efficiency ${refEff!.toFixed(1)} %`);
  console.log(summary('ddp-scaling', '%', eff, refEff, (f, t) => f / t).replace(', torch ', ', gloo '));
}
