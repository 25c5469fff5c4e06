import type { ShmSegment } from '../shm/shm-segment.js';

/**
 * The shared memory between a rank's compute thread and its gradient communication thread.
 * Control words (Int32Array over `control`):
 * - [SUBMITTED] requests written so far, [DONE] requests completed (both only grow);
 * - [STATUS] 0 ok / 1 failed (the error is JSON in `reason`);
 * - from [RING]: `RING_SLOTS` request slots of `REQUEST_WORDS` words
 *   [staging area, element offset, length, op code, bucket tag]; request k uses slot k % RING_SLOTS.
 * `completedAt` (Float64Array, one per slot) holds when the all-reduce of the request in the slot
 * finished, as `performance.timeOrigin + performance.now()` of the communication thread.
 */
export interface GradCommChannel {
  readonly control: SharedArrayBuffer;
  readonly completedAt: SharedArrayBuffer;
  readonly reason: SharedArrayBuffer;
}

export const SUBMITTED = 0;
export const DONE = 1;
export const STATUS = 2;
export const RING = 4;
export const REQUEST_WORDS = 5;
export const STATUS_FAILED = 1;

/** Requests in flight at most: one per gradient bucket of a step, so far more than any model has. */
export const RING_SLOTS = 1024;

const REASON_BYTES = 4096;

export function createGradCommChannel(): GradCommChannel {
  return {
    control: new SharedArrayBuffer((RING + RING_SLOTS * REQUEST_WORDS) * 4),
    completedAt: new SharedArrayBuffer(RING_SLOTS * 8),
    reason: new SharedArrayBuffer(REASON_BYTES),
  };
}

/** How the communication thread reaches its peers. */
export type GradCommTransport =
  /** Worker-thread ranks: the comm threads of all ranks share the segment's `comm` memory. */
  | { readonly kind: 'shm'; readonly segment: ShmSegment }
  /** Process ranks: a TCP ring of their own, through a store rank 0's comm thread hosts on `masterAddr`. */
  | { readonly kind: 'tcp'; readonly masterAddr: string };

/** What the communication thread is started with. */
export interface GradCommWorkerData {
  readonly channel: GradCommChannel;
  readonly rank: number;
  readonly worldSize: number;
  readonly timeoutMs: number;
  /** Before each request, check that every rank makes the same call (debug mode). */
  readonly debug: boolean;
  readonly transport: GradCommTransport;
}

/** Messages from the compute thread to the communication thread. */
export type GradCommCommand =
  | { readonly type: 'area'; readonly id: number; readonly buffer: SharedArrayBuffer }
  | { readonly type: 'store-port'; readonly port: number }
  | { readonly type: 'close' };

/** Messages from the communication thread to the compute thread. */
export type GradCommEvent =
  | { readonly type: 'store-listening'; readonly port: number }
  | { readonly type: 'ready' }
  | { readonly type: 'start-failed'; readonly message: string }
  | { readonly type: 'closed' };
