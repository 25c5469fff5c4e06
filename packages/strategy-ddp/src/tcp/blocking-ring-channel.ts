/**
 * The shared memory between a thread blocked in a TCP blocking all-reduce and the worker thread
 * that runs it over the network. Control words (Int32Array over `control`):
 * [REQUEST] calls issued, [DONE] calls completed, [STATUS] 0 ok / 1 failed, [FAILED_RANK],
 * [LENGTH] elements of the current call. `data` holds the values (float32) in and out; `reason`
 * the failure's text (UTF-8, zero padded).
 */
export interface BlockingRingChannel {
  readonly control: SharedArrayBuffer;
  readonly data: SharedArrayBuffer;
  readonly reason: SharedArrayBuffer;
}

export const REQUEST = 0;
export const DONE = 1;
export const STATUS = 2;
export const FAILED_RANK = 3;
export const LENGTH = 4;
export const STATUS_OK = 0;
export const STATUS_FAILED = 1;

/** Elements one call moves at most (larger sums run in pieces): 64K float32. */
export const CHANNEL_ELEMENTS = 1 << 16;

export function createBlockingRingChannel(): BlockingRingChannel {
  return { control: new SharedArrayBuffer(8 * 4), data: new SharedArrayBuffer(CHANNEL_ELEMENTS * 4), reason: new SharedArrayBuffer(1024) };
}

/** What the worker thread is started with. */
export interface BlockingRingWorkerData {
  readonly channel: BlockingRingChannel;
  readonly rank: number;
  readonly worldSize: number;
  /** The interface to listen on (the one that reaches the master). */
  readonly host: string;
}
