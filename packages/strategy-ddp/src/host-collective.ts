import type { ReduceOp } from '@flint/core';

/** The host-side values a collective moves: float32 or int32, row-major. */
export type HostArray = Float32Array | Int32Array;

/**
 * What a transport implements (shared memory or TCP): collectives on host arrays. The
 * `ProcessGroup` above it moves tensors of any backend to and from these arrays, queues calls
 * in order and hands out `Work` handles, so a transport only moves and reduces bytes.
 * `name` is the collective's label for errors (`allReduce #12`).
 */
export interface HostCollective {
  readonly rank: number;
  readonly worldSize: number;
  /** Reduces `buf` over ranks in place; `avg` divides the sum by the world size. */
  allReduce(name: string, buf: HostArray, op: ReduceOp): Promise<void>;
  /** Overwrites every rank's `buf` with rank `src`'s. */
  broadcast(name: string, buf: HostArray, src: number): Promise<void>;
  /** Every rank's `buf`, concatenated in rank order. */
  allGather(name: string, buf: HostArray): Promise<HostArray>;
  /** Reduces `input` (worldSize equal slices) and returns this rank's slice of the result. */
  reduceScatter(name: string, input: HostArray, op: ReduceOp): Promise<HostArray>;
  barrier(name: string): Promise<void>;
  /**
   * Releases the transport (sockets, waits); idempotent. `abort`: this rank failed, so peers
   * may be hung: leave at once, without waiting for their goodbyes.
   */
  close(abort?: boolean): Promise<void>;
}

/** A zeroed array of `buf`'s type. */
export function alloc(like: HostArray, length: number): HostArray {
  return like instanceof Int32Array ? new Int32Array(length) : new Float32Array(length);
}

/** Numeric code of the element type, published to peers so mismatches are caught. */
export const dtypeCode = (buf: HostArray): number => (buf instanceof Int32Array ? 2 : 1);
