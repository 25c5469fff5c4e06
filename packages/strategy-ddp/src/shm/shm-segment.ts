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
  /**
   * The blocking side channel (SyncBatchNorm's statistics inside forward and backward), apart
   * from the asynchronous collectives so the two never race: `blockingControl` holds W arrive
   * words then two halves of W lengths; `blockingData` two halves of W slots of
   * `blockingElements` float32 values.
   */
  readonly blockingElements: number;
  readonly blockingControl: SharedArrayBuffer;
  readonly blockingData: SharedArrayBuffer;
  /**
   * The gradient communication threads' own control words and data, laid out as `control` and
   * `data`: DDP's bucket all-reduces run there, apart from the compute threads' collectives.
   */
  readonly commControl: SharedArrayBuffer;
  readonly commData: SharedArrayBuffer;
}

export const STATUS_RUNNING = 0;
export const STATUS_FAILED = 1;
export const STATUS_DESTROYED = 2;
export const META_WORDS = 4;

/**
 * Elements per slot when not given: 64 MB of slots in all (two halves of W slots), at least 1M
 * elements each: 4M on 2 ranks, 2M on 4, 1M from 8. Bigger slots mean fewer phases (each a
 * wake-up of every thread) per large all-reduce.
 */
export const defaultSegmentElements = (worldSize: number): number => Math.max(1 << 20, Math.floor((16 << 20) / (2 * worldSize)));

/** 64K float32 (256 KB) per rank and half for blocking collectives: statistics of 32K channels per pass. */
export const DEFAULT_BLOCKING_ELEMENTS = 1 << 16;

/** Allocates the shared memory of a group of `worldSize` ranks. */
export function createShmSegment(
  worldSize: number,
  opts: { segmentElements?: number; timeoutMs?: number; blockingElements?: number } = {},
): ShmSegment {
  if (!Number.isInteger(worldSize) || worldSize < 1) throw new Error(`shm: worldSize must be a positive integer, got ${worldSize}`);
  const segmentElements = opts.segmentElements ?? defaultSegmentElements(worldSize);
  const controlWords = 2 * worldSize + 2 * worldSize * META_WORDS;
  const blockingElements = opts.blockingElements ?? DEFAULT_BLOCKING_ELEMENTS;
  return {
    worldSize,
    segmentElements,
    control: new SharedArrayBuffer(controlWords * 4),
    data: new SharedArrayBuffer(2 * worldSize * segmentElements * 4),
    timeoutMs: opts.timeoutMs ?? 30 * 60_000,
    blockingElements,
    blockingControl: new SharedArrayBuffer(3 * worldSize * 4),
    blockingData: new SharedArrayBuffer(2 * worldSize * blockingElements * 4),
    commControl: new SharedArrayBuffer(controlWords * 4),
    commData: new SharedArrayBuffer(2 * worldSize * segmentElements * 4),
  };
}

/** The segment the gradient communication threads share: `seg` with its comm memory as control and data. */
export function commSegment(seg: ShmSegment): ShmSegment {
  return { ...seg, control: seg.commControl, data: seg.commData };
}

/**
 * Marks `rank` failed (its thread exited) and wakes every waiter, so peers reject with
 * `RankFailedError` at once instead of waiting for their timeout.
 */
export function markRankFailed(seg: ShmSegment, rank: number): void {
  for (const control of [seg.control, seg.commControl]) {
    const ctl = new Int32Array(control);
    if (Atomics.load(ctl, seg.worldSize + rank) === STATUS_DESTROYED) continue;
    Atomics.store(ctl, seg.worldSize + rank, STATUS_FAILED);
    for (let r = 0; r < seg.worldSize; r++) Atomics.notify(ctl, r);
  }
  const side = new Int32Array(seg.blockingControl);
  for (let r = 0; r < seg.worldSize; r++) Atomics.notify(side, r);
}
