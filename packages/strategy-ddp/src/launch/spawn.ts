import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { SPAWN_KEY, type SpawnWorkerData } from '../init-process-group.js';
import { createShmSegment, markRankFailed } from '../shm/shm-segment.js';
import { startThreadWorker } from '@flint/core/node';

export interface SpawnOptions {
  nprocs: number;
  /** Extra arguments passed after the rank (structured-cloned). */
  args?: readonly unknown[];
  /** Collective timeout of the shm group the ranks join. */
  timeoutMs?: number;
  /** Elements per shared-memory slot (default: 64 MB of slots in all, at least 1M elements each). */
  segmentElements?: number;
}

/** One rank thread failed: which, and why. */
export class SpawnError extends Error {
  constructor(
    readonly rank: number,
    readonly reason: string,
  ) {
    super(`spawn: rank ${rank} failed: ${reason}`);
    this.name = 'SpawnError';
  }
}

function moduleUrl(m: string | URL): string {
  if (m instanceof URL) return m.href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(m)) return m;
  return pathToFileURL(isAbsolute(m) ? m : resolve(m)).href;
}

const workerScript = (): URL => new URL(import.meta.url.endsWith('.ts') ? './spawn-worker.ts' : './spawn-worker.js', import.meta.url);

/**
 * Runs `module`'s exported function `exportName(rank, ...args)` on `nprocs` worker threads
 * (`torch.multiprocessing.spawn`): functions cannot cross threads, so the rank imports it by
 * module and name. The ranks share one shared-memory segment; `initProcessGroup()` inside them
 * joins it (backend 'shm'). Resolves with every rank's return value in rank order. If a rank
 * throws or its thread exits, its peers' collectives reject with `RankFailedError`, the other
 * threads are terminated, and the promise rejects naming the first failed rank.
 */
export function spawn(module: string | URL, exportName: string, opts: SpawnOptions): Promise<unknown[]> {
  const { nprocs } = opts;
  const segment = createShmSegment(nprocs, { timeoutMs: opts.timeoutMs, segmentElements: opts.segmentElements });
  const results = new Array<unknown>(nprocs);
  const workers: Worker[] = [];
  return new Promise((resolvePromise, reject) => {
    let done = 0;
    let failed = false;
    const fail = (rank: number, reason: string): void => {
      markRankFailed(segment, rank);
      if (failed) return;
      failed = true;
      // Give peers a moment to see the failure and reject on their own, then stop them.
      setTimeout(() => {
        for (const w of workers) void w.terminate();
      }, 5000).unref();
      reject(new SpawnError(rank, reason));
    };
    for (let rank = 0; rank < nprocs; rank++) {
      const data: SpawnWorkerData = { rank, segment, args: opts.args ?? [], module: moduleUrl(module), exportName };
      const w = startThreadWorker(workerScript(), { workerData: { [SPAWN_KEY]: data }, name: `rank ${rank}` });
      workers.push(w);
      let gotResult = false;
      w.on('message', (m: { type: string; value: unknown }) => {
        if (m.type === 'result') {
          gotResult = true;
          results[rank] = m.value;
        }
      });
      w.on('error', (e) => fail(rank, e instanceof Error ? `${e.name}: ${e.message}` : String(e)));
      w.on('exit', (code) => {
        if (!gotResult) fail(rank, `thread exited with code ${code} before returning`);
        else markRankFailed(segment, rank);
        if (++done === nprocs && !failed) resolvePromise(results);
        if (done === nprocs && failed) for (const x of workers) void x.terminate();
      });
    }
  });
}
