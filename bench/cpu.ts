import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuKernelMode } from '@flint/core';
import { setNumThreads } from '@flint/core/node';
import { flintCpuFigures, flintMatmulGfs, type CpuFigures } from './cpu-flint.js';
import { openBlasLibDir } from './openblas.js';
import { runTorch, summary } from './torch-child.js';

const here = dirname(fileURLToPath(import.meta.url));

const WORKLOADS: ReadonlyArray<[keyof CpuFigures, string, string]> = [
  ['w0_1t', 'W0 matmul 1024² float32, 1 thread', 'GF/s'],
  ['w0_2t', 'W0 matmul 1024² float32, 2 threads', 'GF/s'],
  ['w1', 'W1 MLP 784-256-256-10 b128 training', 'samples/s'],
  ['w2', 'W2 seed CNN b64 training', 'samples/s'],
  ['w3', 'W3 LeNet-5 b64 training', 'samples/s'],
];

interface Contender {
  name: string;
  note: string;
  /** Rates by wall time. */
  wall: CpuFigures | null;
  /** Rates by the process's CPU time (single-thread workloads only). */
  cpu: CpuFigures | null;
}

const EMPTY: CpuFigures = { w0_1t: null, w0_2t: null, w1: null, w2: null, w3: null };
const figures = (f: Partial<CpuFigures> | undefined): CpuFigures | null => (f ? { ...EMPTY, ...f } : null);

function torchContender(name: string, scale: number, env: Record<string, string>): Contender {
  const r = runTorch('cpu_workloads.py', [String(scale)], env);
  return { name, note: r.note, wall: figures(r.figures), cpu: figures(r.cpuFigures) };
}

/** TF.js in its own Node process (the tsx loader and conditions of this one carried over). */
function tfjsContender(scale: number): Contender {
  const r = spawnSync(process.execPath, [...process.execArgv, join(here, 'tfjs-workloads.ts'), String(scale)], { encoding: 'utf8', timeout: 900_000 });
  const line = r.stdout?.split('\n').find((l) => l.startsWith('{"figures"'));
  if (!line) return { name: 'tfjs', note: `TF.js unavailable: ${(r.stderr ?? '').trim().split('\n').pop() ?? `exit ${r.status}`}`, wall: null, cpu: null };
  const parsed = JSON.parse(line) as { figures: CpuFigures; cpuFigures: CpuFigures; backends: Record<string, string> };
  const backends = Object.entries(parsed.backends).map(([k, v]) => `${k} ${v}`).join('; ');
  return { name: 'tfjs', note: `TF.js 4.22 backends: ${backends}`, wall: parsed.figures, cpu: parsed.cpuFigures };
}

const fmt = (v: number | null | undefined): string => (v == null ? 'n/a' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const ratio = (f: number | null, o: number | null | undefined): string => (f == null || o == null ? 'n/a' : `${(f / o).toFixed(2)}x`);

function printTable(title: string, flint: CpuFigures | null, others: Contender[], pick: (c: Contender) => CpuFigures | null): void {
  console.log(title);
  for (const [key, label, unit] of WORKLOADS) {
    const f = flint?.[key] ?? null;
    if (f === null && others.every((o) => pick(o)?.[key] == null)) continue;
    const cols = others.map((o) => `${o.name} ${fmt(pick(o)?.[key])} (flint/${o.name} ${ratio(f, pick(o)?.[key])})`);
    console.log(`  ${label}: flint ${fmt(f)} ${unit}; ${cols.join('; ')}`);
  }
}

/**
 * `npm run bench -- cpu [scale]`: W0..W3 on Flint's CPU backend, PyTorch with Debian's reference
 * BLAS, PyTorch with OpenBLAS (unpacked to a scratch folder), and TF.js's wasm backend, each
 * in one process run. Prints every figure and ratio by wall time and by CPU time (on a shared,
 * busy machine the CPU-time figures are the steadier comparison; on an idle one they agree),
 * then the W0 1-thread headline by wall time against PyTorch with OpenBLAS (reference BLAS when
 * OpenBLAS is unavailable).
 */
export async function cpuBench(): Promise<void> {
  const scale = Number(process.argv[3] ?? '1');
  const twoThreads = async (): Promise<number> => {
    setNumThreads(2);
    try {
      return (await flintMatmulGfs()).wall;
    } finally {
      setNumThreads(1);
    }
  };
  setNumThreads(1);
  const measured = await flintCpuFigures(scale, twoThreads);
  const flint: Contender = { name: 'flint', note: `Flint CPU kernels: ${cpuKernelMode()} WebAssembly, 1 thread (W0 also 2)`, ...measured };
  const reference = torchContender('torch-ref', scale, {});
  const blas = openBlasLibDir();
  const openblas: Contender = 'dir' in blas
    ? torchContender('torch-openblas', scale, { LD_LIBRARY_PATH: [blas.dir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') })
    : { name: 'torch-openblas', note: `OpenBLAS unavailable: ${blas.reason}`, wall: null, cpu: null };
  const tfjs = tfjsContender(scale);
  const others = [reference, openblas, tfjs];
  for (const c of [flint, ...others]) console.log(`${c.name}: ${c.note}`);
  printTable('by wall time:', flint.wall, others, (c) => c.wall);
  printTable('by CPU time (one thread):', flint.cpu, others, (c) => c.cpu);
  const headline = openblas.wall ? openblas : reference;
  console.log(`headline: W0 1 thread by wall time, torch = ${headline.name}`);
  console.log(summary('cpu', 'GF/s', flint.wall?.w0_1t ?? 0, headline.wall?.w0_1t ?? null, (a, b) => a / b));
}
