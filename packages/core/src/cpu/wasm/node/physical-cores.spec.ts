import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { physicalCoreCount } from './physical-cores.js';

const cpuinfo = (entries: Array<[number, number]>): string =>
  entries.map(([phys, core], i) => `processor\t: ${i}\nphysical id\t: ${phys}\ncore id\t\t: ${core}\n`).join('\n');

describe('physicalCoreCount', () => {
  it('counts SMT siblings once and cores of different sockets apart (capped by the logical count)', () => {
    // Two hyperthreads on each of 2 cores: 2 physical cores.
    expect(physicalCoreCount(cpuinfo([[0, 0], [0, 1], [0, 0], [0, 1]]))).toBe(Math.min(2, availableParallelism()));
    // Core 0 of socket 0 and core 0 of socket 1 are two cores.
    expect(physicalCoreCount(cpuinfo([[0, 0], [1, 0]]))).toBe(Math.min(2, availableParallelism()));
  });

  it('falls back to the logical count without /proc/cpuinfo or without core ids', () => {
    expect(physicalCoreCount(null)).toBe(availableParallelism());
    expect(physicalCoreCount('processor\t: 0\nmodel name\t: some vm\n')).toBe(availableParallelism());
  });

  it('reads this machine: at least 1, at most the logical processors', () => {
    const n = physicalCoreCount();
    expect(Number.isInteger(n)).toBe(true);
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThanOrEqual(availableParallelism());
  });
});
