import { fromValues, keep, type Collective, type Tensor, type Work } from '@flint/core';
import { nowMs, type BucketRange, type BucketTiming, type BucketTransport } from './bucket-transport.js';

/**
 * Buckets all-reduced through the group's own asynchronous collectives (on the calling
 * thread's event loop, so they progress only once backward returns): the way for a
 * `Collective` that is not a Flint `ProcessGroup`, which has no communication thread.
 */
export class CollectiveTransport implements BucketTransport {
  #flights: { range: BucketRange; flat: Tensor; work: Work; launchedAt: number }[] = [];
  timings: BucketTiming[] = [];

  constructor(
    private readonly group: Collective,
    private readonly staging: Float32Array,
  ) {}

  launch(range: BucketRange): void {
    // Launched from inside backward: `keep` so backward's scope does not free it mid-flight.
    const flat = keep(fromValues(this.staging.slice(range.offset, range.offset + range.length), [range.length]));
    this.#flights.push({ range, flat, work: this.group.allReduce(flat, 'avg'), launchedAt: nowMs() });
  }

  async finish(): Promise<void> {
    const flights = this.#flights;
    this.#flights = [];
    this.timings = [];
    try {
      for (const f of flights) {
        await f.work.wait();
        this.staging.set(await f.flat.data(), f.range.offset);
        this.timings.push({ bucket: f.range.index, launchedAt: f.launchedAt, reducedAt: nowMs() });
      }
    } finally {
      for (const f of flights) f.flat.dispose();
    }
  }
}
