import { FlintError } from '../../tensor/errors.js';
import { onCpuKernelModeChange } from './cpu-kernel-mode.js';
import { GemmThreadPool } from './gemm-thread-pool.js';
import type { TensorHeap } from './tensor-heap.js';
import type { WasmMode } from './wasm-gemm-instance.js';

/** What a thread host passes to the worker function it starts. */
export interface GemmWorkerInit {
  /** The GEMM's shared-memory build. */
  readonly module: WebAssembly.Module;
  /** The calling thread's tensor heap memory, which the worker instantiates the module on. */
  readonly memory: WebAssembly.Memory;
  readonly control: SharedArrayBuffer;
  readonly index: number;
}

/** A started worker thread. */
export interface CpuThread {
  terminate(): void;
}

/**
 * Starts threads for the CPU backend's intra-op pool. `source` is the text of a plain
 * JavaScript function `(init) => void` to call with `init` in the new thread; it blocks there
 * until the pool stops. `@flint/core/node` has the Node implementation (worker_threads); a
 * browser one would start a Worker from a Blob (it needs cross-origin isolation for
 * SharedArrayBuffer).
 */
export interface CpuThreadHost {
  start(source: string, init: GemmWorkerInit): CpuThread;
}

/** At most this many threads. */
export const MAX_CPU_THREADS = 64;

let numThreads = 1;
let threadHost: CpuThreadHost | null = null;
let pool: GemmThreadPool | null = null;

function dropPool(): void {
  pool?.dispose();
  pool = null;
}
onCpuKernelModeChange(dropPool);

/**
 * Sets how many threads the CPU backend splits large matrix products over (the caller's
 * thread included). Results do not depend on it: each output element is summed by one thread
 * in a fixed order. With more than one thread a `host` must start them (`setNumThreads` from
 * `@flint/core/node` passes Node's). Throws a {@link FlintError} for a count outside 1..64.
 */
export function setCpuThreads(n: number, host: CpuThreadHost | null = threadHost): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_CPU_THREADS) {
    throw new FlintError(`setNumThreads: thread count must be an integer in 1..${MAX_CPU_THREADS}, got ${n}`);
  }
  if (n > 1 && host === null) throw new FlintError(`setNumThreads(${n}): no thread host; use setNumThreads from @flint/core/node`);
  if (n === numThreads && host === threadHost) return;
  dropPool();
  numThreads = n;
  threadHost = host;
}

/** Threads the CPU backend's matrix products use now. */
export function getNumThreads(): number {
  return numThreads;
}

/** Macro calls the current pool has split between threads (0 without a pool); for tests. */
export function splitGemmJobs(): number {
  return pool?.jobs ?? 0;
}

/**
 * The pool for `mode` on `heap` (the calling thread's) when more than one thread is set,
 * started on first use; else null.
 */
export function gemmThreadPool(mode: WasmMode, heap: TensorHeap): GemmThreadPool | null {
  if (numThreads === 1 || threadHost === null) return null;
  if (pool?.mode !== mode || pool.heap !== heap) {
    dropPool();
    pool = new GemmThreadPool(mode, numThreads, threadHost, heap);
  }
  return pool;
}
