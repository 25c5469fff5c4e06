import { Worker } from 'node:worker_threads';
import type { CpuThread, CpuThreadHost, GemmWorkerInit } from '../cpu-threads.js';
import { getNumThreads, setCpuThreads } from '../cpu-threads.js';
import { physicalCoreCount } from './physical-cores.js';

/**
 * Starts the pool's threads as Node worker threads evaluating the worker function's source
 * (plain JavaScript, so no TypeScript loader is needed even when running from source). They are
 * unref'd: an idle pool never keeps the process alive.
 */
export const nodeCpuThreadHost: CpuThreadHost = {
  start(source: string, init: GemmWorkerInit): CpuThread {
    const worker = new Worker(`(${source})(require('node:worker_threads').workerData);`, {
      eval: true,
      workerData: init,
      name: `flint-cpu-${init.index}`,
    });
    worker.unref();
    return { terminate: () => void worker.terminate() };
  },
};

/**
 * Sets how many threads (the calling one included) the CPU backend splits large matrix
 * products over, starting Node worker threads as needed; the default argument is the number of
 * physical cores ({@link physicalCoreCount}). Until it is called the backend runs on one thread
 * and starts none. Training gives bit-identical results for every thread count. Returns the
 * count now in use.
 */
export function setNumThreads(n: number = physicalCoreCount()): number {
  setCpuThreads(n, nodeCpuThreadHost);
  return getNumThreads();
}
