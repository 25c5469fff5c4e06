/**
 * The shared memory of one shm process group, made by the launcher and handed to every
 * worker thread (`workerData`). Control words (Int32Array over `control`):
 * - `arrive[r]` (index r): how many phases rank r has entered; peers wait on it.
 * - `status[r]` (index W + r): 0 running, 1 failed (its thread exited), 2 destroyed its group.
 * - `meta` (from 2W): two halves of W x 4 words, [op, dtype, length, root] of each rank's
 *   current collective, alternating per collective so a fast rank never overwrites a slow
 *   rank's check.
 * `data` holds two halves of W slots of `segmentElements` 4-byte elements, alternating per
 * segment so the next segment's writes never race the previous segment's reads.
 */
export interface ShmSegment {
  readonly worldSize: number;
  readonly segmentElements: number;
  readonly control: SharedArrayBuffer;
  readonly data: SharedArrayBuffer;
  /** How long a collective waits for its peers before `CollectiveTimeoutError`. */
  readonly timeoutMs: number;
}

export const STATUS_RUNNING = 0;
export const STATUS_FAILED = 1;
export const STATUS_DESTROYED = 2;
export const META_WORDS = 4;

/** 1M elements (4 MB) per slot: enough to pipeline, small enough for 8 ranks. */
export const DEFAULT_SEGMENT_ELEMENTS = 1 << 20;

/** Allocates the shared memory of a group of `worldSize` ranks. */
export function createShmSegment(worldSize: number, opts: { segmentElements?: number; timeoutMs?: number } = {}): ShmSegment {
  if (!Number.isInteger(worldSize) || worldSize < 1) throw new Error(`shm: worldSize must be a positive integer, got ${worldSize}`);
  const segmentElements = opts.segmentElements ?? DEFAULT_SEGMENT_ELEMENTS;
  const controlWords = 2 * worldSize + 2 * worldSize * META_WORDS;
  return {
    worldSize,
    segmentElements,
    control: new SharedArrayBuffer(controlWords * 4),
    data: new SharedArrayBuffer(2 * worldSize * segmentElements * 4),
    timeoutMs: opts.timeoutMs ?? 30 * 60_000,
  };
}

/**
 * Marks `rank` failed (its thread exited) and wakes every waiter, so peers reject with
 * `RankFailedError` at once instead of waiting for their timeout.
 */
export function markRankFailed(seg: ShmSegment, rank: number): void {
  const ctl = new Int32Array(seg.control);
  if (Atomics.load(ctl, seg.worldSize + rank) === STATUS_DESTROYED) return;
  Atomics.store(ctl, seg.worldSize + rank, STATUS_FAILED);
  for (let r = 0; r < seg.worldSize; r++) Atomics.notify(ctl, r);
}
