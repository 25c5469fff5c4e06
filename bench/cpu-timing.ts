/** Wall and CPU time of a stretch of work, for rates by both (CPU time is steadier on a busy machine). */
export interface Elapsed {
  wallS: number;
  cpuS: number;
}

/** Starts a stopwatch; calling the result returns the seconds elapsed so far. */
export function stopwatch(): () => Elapsed {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { wallS: (performance.now() - wall) / 1000, cpuS: (used.user + used.system) / 1e6 };
  };
}

/** A figure by wall time and by CPU time. */
export interface Rate {
  wall: number;
  cpu: number;
}

export const rate = (work: number, e: Elapsed): Rate => ({ wall: work / e.wallS, cpu: work / e.cpuS });

export function medianRate(rates: Rate[]): Rate {
  const mid = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { wall: mid(rates.map((r) => r.wall)), cpu: mid(rates.map((r) => r.cpu)) };
}
