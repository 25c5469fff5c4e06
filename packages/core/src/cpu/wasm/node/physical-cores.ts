import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * Physical cores of this machine: on Linux the distinct (physical id, core id) pairs of
 * /proc/cpuinfo, so SMT siblings count once (two hyperthreads of one core share its SIMD
 * units, and a second GEMM thread there gains little); elsewhere, or when /proc/cpuinfo lacks
 * those fields (some VMs and containers), `os.availableParallelism()`. Never more than the
 * logical processors this process may use, never less than 1.
 */
export function physicalCoreCount(cpuinfo: string | null = readCpuinfo()): number {
  const logical = availableParallelism();
  if (cpuinfo === null) return logical;
  const cores = new Set<string>();
  let physical = '';
  for (const line of cpuinfo.split('\n')) {
    const [key, value] = line.split(':').map((s) => s.trim());
    if (key === 'physical id') physical = value;
    else if (key === 'core id') cores.add(`${physical}/${value}`);
  }
  return cores.size === 0 ? logical : Math.max(1, Math.min(logical, cores.size));
}

function readCpuinfo(): string | null {
  if (process.platform !== 'linux') return null;
  try {
    return readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return null;
  }
}
