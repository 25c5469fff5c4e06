/** Options of `Tuner.scaleBatchSize` (Lightning's names and defaults). */
export interface ScaleBatchSizeOptions {
  /** 'power': double until a size fails; 'binsearch': then bisect between the last good and the failing size. */
  readonly mode?: 'power' | 'binsearch';
  /** First size tried (default 2). */
  readonly initValue?: number;
  /** Most sizes tried (default 25). */
  readonly maxTrials?: number;
  /** Training steps each trial runs (default 3). */
  readonly stepsPerTrial?: number;
}

/** True for the error a device gives when memory runs out (WebGPU's `GpuMemoryError`, or a message that says so). */
export function isOutOfMemory(e: unknown): boolean {
  return e instanceof Error && (e.name === 'GpuMemoryError' || /out of memory|cannot allocate/i.test(e.message));
}

/**
 * Lightning's batch-size scaling as a pure search: `fits(size)` runs a trial and says whether
 * the size fits. Doubles from `initValue` until a size fails, the trials run out, or the size
 * covers the whole dataset (`limit()`, known after a trial); 'binsearch' then bisects between the last size that fit
 * and the first that failed. Returns the largest size that fit.
 */
export async function searchBatchSize(fits: (size: number) => Promise<boolean>, opts: ScaleBatchSizeOptions, limit: () => number = () => Infinity): Promise<number> {
  const mode = opts.mode ?? 'power';
  const maxTrials = opts.maxTrials ?? 25;
  let size = opts.initValue ?? 2;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`scaleBatchSize: initValue must be a positive integer, got ${size}`);
  if (!Number.isInteger(maxTrials) || maxTrials < 1) throw new RangeError(`scaleBatchSize: maxTrials must be a positive integer, got ${maxTrials}`);
  if (mode !== 'power' && mode !== 'binsearch') throw new RangeError(`scaleBatchSize: mode must be 'power' or 'binsearch', got '${String(mode)}'`);
  let good = 0;
  let bad = Infinity;
  let trials = 0;
  while (trials < maxTrials) {
    trials++;
    if (await fits(size)) {
      good = size;
      if (size >= limit()) break;
      size = Math.min(size * 2, limit());
    } else {
      bad = size;
      break;
    }
  }
  if (mode === 'binsearch') {
    while (trials < maxTrials && Number.isFinite(bad) && bad - good > 1) {
      trials++;
      const mid = Math.floor((good + bad) / 2);
      if (await fits(mid)) good = mid;
      else bad = mid;
    }
  }
  if (good === 0) throw new RangeError(`scaleBatchSize: even batch size ${opts.initValue ?? 2} ran out of memory`);
  return good;
}
