/** One bucket's slice of the flat staging memory. */
export interface BucketRange {
  readonly index: number;
  readonly offset: number;
  readonly length: number;
}

/** When one bucket's all-reduce was handed over and when it completed (epoch ms, sub-ms precision). */
export interface BucketTiming {
  readonly bucket: number;
  readonly launchedAt: number;
  readonly reducedAt: number;
}

/**
 * How a `GradReducer` averages its staged buckets over the ranks: `launch` hands one bucket over
 * (synchronously, during backward; buckets arrive in index order on every rank), `finish` waits
 * until every launched bucket's average is back in the staging memory.
 */
export interface BucketTransport {
  launch(range: BucketRange): void;
  finish(): Promise<void>;
  /** The timings of the buckets the last `finish` waited for. */
  readonly timings: readonly BucketTiming[];
}

/** Epoch milliseconds with sub-millisecond precision, comparable across threads. */
export const nowMs = (): number => performance.timeOrigin + performance.now();
