import type { EventObserver } from '../events/event-bus.js';
import type { FileSystem } from '../io/file-system.js';

/**
 * A logger observes `trainer.events$` (rank zero only) and writes into the run's versioned
 * directory. `flush` resolves once everything observed so far is on disk.
 */
export interface Logger extends EventObserver {
  open(fs: FileSystem, runDir: string): Promise<void>;
  flush(): Promise<void>;
}

/** Builds a logger from options (the logger registry holds these, for the CLI). */
export type LoggerFactory = (opts: Record<string, unknown>) => Logger;

/** Serializes async writes issued from synchronous event handlers; the first error is kept. */
export class WriteQueue {
  private tail: Promise<void> = Promise.resolve();
  private error: unknown = null;

  push(write: () => Promise<void>): void {
    this.tail = this.tail.then(write).catch((e: unknown) => {
      this.error ??= e;
    });
  }

  async drain(): Promise<void> {
    await this.tail;
    if (this.error !== null) {
      const e = this.error;
      this.error = null;
      throw e;
    }
  }
}
