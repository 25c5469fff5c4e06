import { resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { startThreadWorker } from '@flint/core/node';
import { SPAWN_KEY, type SpawnWorkerData } from '../init-process-group.js';
import { createShmSegment, markRankFailed, type ShmSegment } from '../shm/shm-segment.js';

/**
 * Ranks 1..N-1 as worker threads of this process, each running this process's main script
 * again (`process.argv[1]`, same arguments): the thread counterpart of the subprocess launcher,
 * for `devices: N` in one process. The calling thread is rank 0. Every rank joins one
 * shared-memory group; a thread that exits abnormally is marked failed at once, so its peers'
 * collectives reject with `RankFailedError` naming it.
 */
export class ThreadSiblings {
  readonly segment: ShmSegment;
  readonly #exits: Promise<number>[] = [];
  readonly #workers: Worker[] = [];

  constructor(devices: number, timeoutMs?: number) {
    this.segment = createShmSegment(devices, { timeoutMs });
    const main = process.argv[1];
    if (!main) throw new Error('ddp strategy (threads): no main script in process.argv to run on the other ranks');
    const script = pathToFileURL(resolve(main));
    for (let rank = 1; rank < devices; rank++) {
      const data: SpawnWorkerData = { rank, segment: this.segment, args: [], module: script.href, exportName: '' };
      const w = startThreadWorker(script, { workerData: { [SPAWN_KEY]: data }, name: `rank ${rank}`, argv: process.argv.slice(2) });
      this.#workers.push(w);
      w.on('error', (e) => {
        markRankFailed(this.segment, rank);
        console.error(`ddp strategy: rank ${rank} (thread) failed: ${e instanceof Error ? e.message : String(e)}`);
      });
      this.#exits.push(
        new Promise((done) =>
          w.on('exit', (code) => {
            if (code !== 0) markRankFailed(this.segment, rank);
            done(code);
          }),
        ),
      );
    }
  }

  /**
   * Stops every sibling thread still running after `exitGraceMs` (ranks that failed with us end
   * by themselves), a busy loop included (termination interrupts running JS), and waits until
   * all have exited: a failed fit never waits on a hung rank.
   */
  async stop(exitGraceMs = 2000): Promise<void> {
    await this.settle(exitGraceMs);
  }

  /** Waits (at most `waitMs`) for every sibling thread to exit, then stops the rest. */
  async settle(waitMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), waitMs)));
    const outcome = await Promise.race([this.join(), late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      await Promise.all(this.#workers.map((w) => w.terminate()));
      await this.join();
    }
  }

  /** Waits until every sibling thread has exited; resolves with their exit codes (rank 1 first). */
  join(): Promise<number[]> {
    return Promise.all(this.#exits);
  }
}
