import { rankInfo } from './rank-info.js';

/** The global rank of this process or thread, as `rankZeroOnly` sees it. */
let currentRank: number | undefined;

/** @internal The Trainer sets the rank once its strategy knows it (Lightning's `rank_zero_only.rank`). */
export function setRankZeroRank(rank: number): void {
  currentRank = rank;
}

/** The rank `rankZeroOnly` uses: the Trainer's, else the launcher's RANK, else 0. */
export function rankZeroRank(): number {
  return currentRank ?? rankInfo(null).globalRank;
}

/**
 * Wraps `fn` so that it runs on global rank 0 only and returns undefined elsewhere
 * (Lightning's `@rank_zero_only`): printing, writing a file once per job.
 */
export function rankZeroOnly<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R | undefined {
  return (...args: A) => (rankZeroRank() === 0 ? fn(...args) : undefined);
}

/** `console.log` on global rank 0 only (Lightning's `rank_zero_info` / `LightningModule.print`). */
export const rankZeroPrint: (...values: unknown[]) => void = rankZeroOnly((...values: unknown[]) => console.log(...values));
