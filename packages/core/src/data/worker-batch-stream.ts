import type { HostValue } from './host-batch.js';
import type { WorkerPool } from './worker-pool.js';

export interface WorkerStreamOptions {
  readonly numWorkers: number;
  /** Batches requested ahead of the one being consumed: prefetchFactor * numWorkers. */
  readonly inFlight: number;
  /** Called when the stream ends, fails or is abandoned (terminates the pool unless persistent). */
  readonly release: (failed: boolean) => Promise<void>;
}

/**
 * Streams batches through worker threads in sampler order: batch k goes to worker k mod
 * numWorkers (PyTorch's round robin), up to `inFlight` requests are outstanding, and results
 * are yielded in request order whatever order the workers finish in. Any failure ends the
 * stream with that error; the pool is released on every exit path (end, error, `break`).
 */
export async function* workerBatchStream(
  pool: WorkerPool,
  batches: Iterator<number[]>,
  opts: WorkerStreamOptions,
): AsyncGenerator<HostValue, void, undefined> {
  const queue: Promise<HostValue>[] = [];
  let next = 0;
  let exhausted = false;
  let failed = false;
  const fill = (): void => {
    while (!exhausted && queue.length < opts.inFlight) {
      const b = batches.next();
      if (b.done) {
        exhausted = true;
        return;
      }
      const p = pool.fetch(next, b.value);
      // Rejections of batches not yet awaited are reported when their turn comes.
      p.catch(() => undefined);
      queue.push(p);
      next = (next + 1) % opts.numWorkers;
    }
  };
  try {
    await pool.ready();
    fill();
    while (queue.length > 0) {
      const batch = await (queue.shift() as Promise<HostValue>);
      fill();
      yield batch;
    }
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    await opts.release(failed);
  }
}
