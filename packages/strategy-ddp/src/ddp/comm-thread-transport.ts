import type { GradCommThread, StagingArea } from '../grad-comm/grad-comm-thread.js';
import { reduceOpCode } from '../reduce-op.js';
import { nowMs, type BucketRange, type BucketTiming, type BucketTransport } from './bucket-transport.js';

const AVG = reduceOpCode('avg');

/** The thread and the staging memory as it knows it, once attached. */
interface Link {
  readonly thread: GradCommThread;
  readonly area: StagingArea;
}

/**
 * Buckets all-reduced by the rank's gradient communication thread: `launch` only writes a
 * request into the thread's ring (the bucket's values are already in the shared staging
 * memory), so the thread and its peers reduce it while this thread goes on with backward.
 * Buckets launched before the thread is attached wait in order and go out when it is.
 */
export class CommThreadTransport implements BucketTransport {
  #link: Link | null = null;
  #linking: Promise<Link> | null = null;
  #flights: { range: BucketRange; ticket: number; launchedAt: number }[] = [];
  timings: BucketTiming[] = [];

  constructor(
    private readonly staging: SharedArrayBuffer,
    /** Starts (or returns) the group's thread: a collective call, so it runs when `attach` says. */
    private readonly start: () => Promise<GradCommThread>,
  ) {}

  /** Connects to the group's communication thread (every rank calls it at the same point). Idempotent. */
  async attach(): Promise<void> {
    await this.connect();
  }

  private connect(): Promise<Link> {
    this.#linking ??= this.start().then((thread) => {
      const link = { thread, area: thread.shareStagingArea(this.staging) };
      this.#link = link;
      for (const f of this.#flights) if (f.ticket === 0) this.submit(link, f);
      return link;
    });
    return this.#linking;
  }

  launch(range: BucketRange): void {
    const flight = { range, ticket: 0, launchedAt: nowMs() };
    this.#flights.push(flight);
    if (this.#link) this.submit(this.#link, flight);
  }

  private submit({ thread, area }: Link, flight: { range: BucketRange; ticket: number }): void {
    const { offset, length, index } = flight.range;
    flight.ticket = thread.submit(area, offset, length, AVG, index);
  }

  async finish(): Promise<void> {
    const { thread } = await this.connect();
    const flights = this.#flights;
    this.#flights = [];
    this.timings = [];
    for (const f of flights) {
      await thread.wait(f.ticket, `gradientAllReduce #${f.ticket}`);
      this.timings.push({ bucket: f.range.index, launchedAt: f.launchedAt, reducedAt: thread.completedAt(f.ticket) });
    }
  }
}
