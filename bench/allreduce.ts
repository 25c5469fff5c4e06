import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, launch, spawn } from '@flint/strategy-ddp';
import { summary } from './torch-child.js';

const M = 1 << 20;
/** 1M, 10M and 100M float32 elements, as the issue asks; FLINT_BENCH_SIZES=1,10 picks fewer (in M). */
const SIZES = (process.env['FLINT_BENCH_SIZES'] ?? '1,10,100').split(',').map((s) => Math.round(Number(s) * M));
const WORLDS = [2, 4];
const here = (f: string): string => fileURLToPath(new URL(f, import.meta.url));
const TS_NODE = [process.execPath, '--import', 'tsx', '--conditions=@flint/source'];

/** NCCL's bus bandwidth of an all-reduce: the bytes each link carries, 2(W-1)/W of the buffer. */
const busGBs = (n: number, w: number, s: number): number => (n * 4 * ((2 * (w - 1)) / w)) / s / 1e9;

async function flintShm(w: number): Promise<number[]> {
  const per = (await spawn(new URL('./ddp/allreduce-times.ts', import.meta.url), 'shmRank', { nprocs: w, args: [SIZES], timeoutMs: 600_000 })) as number[][];
  return per[0];
}

async function flintTcp(w: number): Promise<number[]> {
  const out = join(mkdtempSync(join(tmpdir(), 'flint-bench-')), 'times.json');
  await launch({ nprocPerNode: w, script: here('./ddp/allreduce-tcp-rank.ts'), command: TS_NODE, env: { BENCH_SIZES: SIZES.join(','), BENCH_OUT: out } });
  return JSON.parse(readFileSync(out, 'utf8')) as number[];
}

async function gloo(w: number): Promise<number[] | null> {
  if (!existsSync('/usr/bin/python3')) return null;
  const r = spawnSync('/usr/bin/python3', [here('./torch/allreduce.py'), String(w), String(await freePort()), SIZES.join(',')], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1' },
    timeout: 900_000,
  });
  const line = r.stdout?.trim().split('\n').pop();
  if (r.status !== 0 || !line) {
    console.log(`gloo unavailable: ${(r.stderr ?? '').trim().split('\n').pop() ?? `exit ${r.status}`}`);
    return null;
  }
  return (JSON.parse(line) as { value: number[] }).value;
}

/**
 * Float32 all-reduce (sum) of 1M/10M/100M elements on 2 and 4 ranks: Flint over shm (worker
 * threads) and tcp (processes) next to PyTorch's gloo (processes, CPU) measured in the same run.
 * Prints ms and bus bandwidth per case and the ratios (gloo time / Flint time: above 1 is
 * faster than gloo). The contract line is shm on 4 ranks at 10M elements.
 */
export async function allReduceBench(): Promise<void> {
  let headline: { flint: number; gloo: number | null } | null = null;
  for (const w of WORLDS) {
    const shm = await flintShm(w);
    const tcp = await flintTcp(w);
    const ref = await gloo(w);
    SIZES.forEach((n, i) => {
      const g = ref?.[i] ?? null;
      const cell = (name: string, s: number): string =>
        `${name} ${(s * 1000).toFixed(1)} ms ${busGBs(n, w, s).toFixed(2)} GB/s${g === null ? '' : ` (x${(g / s).toFixed(2)} gloo)`}`;
      const gl = g === null ? 'gloo n/a' : `gloo ${(g * 1000).toFixed(1)} ms ${busGBs(n, w, g).toFixed(2)} GB/s`;
      console.log(`allreduce ${n / M}M floats, ${w} ranks: ${cell('shm', shm[i])}; ${cell('tcp', tcp[i])}; ${gl}`);
      if (w === 4 && n === 10 * M) headline = { flint: busGBs(n, w, shm[i]), gloo: g === null ? null : busGBs(n, w, g) };
    });
  }
  const h = headline as { flint: number; gloo: number | null } | null;
  if (!h) throw new Error('allreduce bench: the headline case (shm, 4 ranks, 10M floats) was not measured; include 10 in FLINT_BENCH_SIZES');
  console.log(summary('allreduce', 'GB/s', h.flint, h.gloo, (f, t) => f / t).replace(', torch ', ', gloo '));
}
