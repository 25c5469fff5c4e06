/**
 * A collective that returns only when it is complete, blocking the calling thread: what an op
 * inside a synchronous forward or backward needs (SyncBatchNorm's statistics), since Flint's
 * forward and backward cannot await. It runs on its own channel, apart from the asynchronous
 * collectives, so a blocked rank never stalls (or races) the gradient buckets in flight.
 * The result is bit-identical on every rank (the same reduction order everywhere).
 */
export interface BlockingCollective {
  /** Sums `buf` over the ranks in place; `name` labels errors (`blockingAllReduce #4`). */
  allReduceSum(name: string, buf: Float32Array): void;
  /** Releases what the channel holds (a worker thread, sockets). */
  close?(): Promise<void>;
}

/** Starts a group's blocking channel; a collective call on the group (every rank makes it). */
export type StartBlocking = () => Promise<BlockingCollective>;
