import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PYTHON = '/usr/bin/python3';
const here = dirname(fileURLToPath(import.meta.url));

export interface TorchResult {
  /** The figure the script printed, or null when PyTorch could not run. */
  value: number | null;
  /** Which BLAS torch loaded, or why it did not run. */
  note: string;
  /** Named figures, for scripts that measure several workloads (by wall time, and by CPU time). */
  figures?: Record<string, number | null>;
  cpuFigures?: Record<string, number | null>;
}

/**
 * Runs `bench/torch/<script>` with Debian's python3-torch (one thread, as Flint's CPU backend
 * uses one core) and reads the JSON line it prints: `{ "value": ..., "blas": ... }`.
 */
export function runTorch(script: string, args: string[] = [], extraEnv: Record<string, string> = {}): TorchResult {
  if (!existsSync(PYTHON)) return { value: null, note: `${PYTHON} not found` };
  const r = spawnSync(PYTHON, [join(here, 'torch', script), ...args], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', ...extraEnv },
    timeout: 300_000,
  });
  const line = r.stdout?.trim().split('\n').pop();
  if (r.status !== 0 || !line) {
    const why = (r.stderr ?? '').trim().split('\n').pop() ?? `exit ${r.status}`;
    return { value: null, note: `torch unavailable: ${why}` };
  }
  const parsed = JSON.parse(line) as Pick<TorchResult, 'figures' | 'cpuFigures'> & { value: number; blas: string };
  return { value: parsed.value, note: `torch BLAS: ${parsed.blas}`, figures: parsed.figures, cpuFigures: parsed.cpuFigures };
}

/** The contract line: `<name>: flint <x> <unit>, torch <y> <unit>, ratio <r>`. */
export function summary(name: string, unit: string, flint: number, torch: number | null, ratio: (f: number, t: number) => number): string {
  const fmt = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
  if (torch === null) return `${name}: flint ${fmt(flint)} ${unit}, torch n/a ${unit}, ratio n/a`;
  return `${name}: flint ${fmt(flint)} ${unit}, torch ${fmt(torch)} ${unit}, ratio ${ratio(flint, torch).toFixed(2)}`;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
