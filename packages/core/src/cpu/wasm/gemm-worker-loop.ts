import { GEMM_MR, GEMM_NR } from './gemm-tile.js';

/**
 * Layout of the control block (an Int32Array over a SharedArrayBuffer) through which the
 * calling thread hands one `macro` call to the GEMM worker threads.
 */
export const CTL = {
  /** Bumped by the caller for every job (and for stop); workers wait on it. */
  generation: 0,
  /** Workers still running the current job; the caller waits for 0. */
  pending: 1,
  /** 1 asks the workers to return. */
  stop: 2,
  /** Threads sharing the job, the caller included. */
  threads: 3,
  /** 1: split row strips between threads; 0: split column strips. */
  splitRows: 4,
  /** macro's arguments from here: rowEnd, colEnd, m, n, kc, pa, pb, c, ldc, then the address of thread 0's edge tile. */
  args: 5,
  size: 16,
} as const;

/** Bytes of the per-thread scratch tile for edge tiles (MR x NR floats, rounded up); thread i's follows thread i - 1's. */
export const TILE_BYTES = 128;

/**
 * The source of the function every GEMM worker thread runs: `(init) => void` with
 * `init = { module, memory, control, index }`, `memory` being the calling thread's tensor heap.
 * It is a string (plain JavaScript, no imports) so any thread host can start it without a
 * module loader: a Node worker evaluates it, a browser worker would load it from a Blob. Each
 * job runs thread `index`'s share of the row (or column) strips [0, end) in strips of `strip` =
 * MR (or NR); shares depend only on the thread count.
 */
export const GEMM_WORKER_LOOP = `function gemmWorkerLoop(init) {
  const kernels = new WebAssembly.Instance(init.module, { env: { memory: init.memory } }).exports;
  const ctl = new Int32Array(init.control);
  const index = init.index;
  let seen = 0;
  for (;;) {
    Atomics.wait(ctl, ${CTL.generation}, seen);
    const generation = Atomics.load(ctl, ${CTL.generation});
    if (generation === seen) continue;
    seen = generation;
    if (ctl[${CTL.stop}] === 1) return;
    const threads = ctl[${CTL.threads}];
    const a = ${CTL.args};
    const rows = ctl[${CTL.splitRows}] === 1;
    const strip = rows ? ${GEMM_MR} : ${GEMM_NR};
    const end = rows ? ctl[a] : ctl[a + 1];
    const strips = Math.ceil(end / strip);
    const lo = Math.floor((index * strips) / threads) * strip;
    const hi = Math.min(end, Math.floor(((index + 1) * strips) / threads) * strip);
    if (lo < hi) {
      if (rows) kernels.macro(lo, hi, 0, ctl[a + 1], ctl[a + 2], ctl[a + 3], ctl[a + 4], ctl[a + 5], ctl[a + 6], ctl[a + 7], ctl[a + 8], ctl[a + 9] + index * ${TILE_BYTES});
      else kernels.macro(0, ctl[a], lo, hi, ctl[a + 2], ctl[a + 3], ctl[a + 4], ctl[a + 5], ctl[a + 6], ctl[a + 7], ctl[a + 8], ctl[a + 9] + index * ${TILE_BYTES});
    }
    if (Atomics.sub(ctl, ${CTL.pending}, 1) === 1) Atomics.notify(ctl, ${CTL.pending});
  }
}`;
