import type { GradCommThread, StagingArea } from '../grad-comm/grad-comm-thread.js';
import { reduceOpCode } from '../reduce-op.js';
import { nowMs, type BucketRange, type BucketTiming, type BucketTransport } from './bucket-transport.js';

const AVG = reduceOpCode('avg');

/**
 * Buckets all-reduced by the rank's gradient communication thread: `launch` only writes a
 * request into the thread's ring (the bucket's values are already in the shared staging
 * memory), so the thread and its peers reduce it while this thread goes on with backward.
 * Buckets launched before the thread is attached wait in order and go out when it is.
 */
export class CommThreadTransport implements BucketTransport {
  #thread: GradCommThread | null = null;
  #area: StagingArea | null = null;
  #attaching: Promise<void> | null = null;
  #flights: { range: BucketRange; ticket: number; launchedAt: number }[] = [];
  timings: BucketTiming[] = [];

  constructor(
    private readonly staging: SharedArrayBuffer,
    /** Starts (or returns) the group's thread: a collective call, so it runs when `attach` says. */
    private readonly start: () => Promise<GradCommThread>,
  ) {}

  /** Connects to the group's communication thread (every rank calls it at the same point). Idempotent. */
  attach(): Promise<void> {
    this.#attaching ??= this.start().then((thread) => {
      const area = thread.shareStagingArea(this.staging);
      this.#thread = thread;
      this.#area = area;
      for (const f of this.#flights) if (f.ticket === 0) this.submit(thread, area, f);
    });
    return this.#attaching;
  }

  launch(range: BucketRange): void {
    const flight = { range, ticket: 0, launchedAt: nowMs() };
    this.#flights.push(flight);
    if (this.#thread && this.#area) this.submit(this.#thread, this.#area, flight);
  }

  private submit(thread: GradCommThread, area: StagingArea, flight: { range: BucketRange; ticket: number }): void {
    const { offset, length, index } = flight.range;
    flight.ticket = thread.submit(area, offset, length, AVG, index);
  }

  async finish(): Promise<void> {
    await this.attach();
    const flights = this.#flights;
    this.#flights = [];
    const thread = this.#thread;
    if (!thread) throw new Error('gradient communication thread missing after attach');
    this.timings = [];
    for (const f of flights) {
      await thread.wait(f.ticket, `gradientAllReduce #${f.ticket}`);
      this.timings.push({ bucket: f.range.index, launchedAt: f.launchedAt, reducedAt: thread.completedAt(f.ticket) });
    }
  }
}
