import type { CpuThread, CpuThreadHost } from './cpu-threads.js';
import { GEMM_MR, GEMM_NR } from './gemm-tile.js';
import { CTL, GEMM_WORKER_LOOP } from './gemm-worker-loop.js';
import type { TensorHeap } from './tensor-heap.js';
import { sharedGemmModule, type GemmExports, type WasmMode } from './wasm-gemm-instance.js';

/**
 * Worker threads that instantiate the GEMM's shared-memory build on the calling thread's tensor
 * heap, so they read and write operands where the heap holds them. A `macro` call is split
 * into contiguous shares of row strips (or, for short products, column strips): thread t of T
 * takes strips [floor(t*S/T), floor((t+1)*S/T)). The calling thread runs share 0 and then
 * blocks (Atomics.wait) until the workers are done, so an op stays synchronous.
 */
export class GemmThreadPool {
  private readonly kernels: GemmExports;
  private readonly ctl: Int32Array;
  private readonly workers: CpuThread[] = [];
  /** Macro calls split between the threads so far (tests check the pool really ran). */
  jobs = 0;

  constructor(readonly mode: WasmMode, readonly size: number, host: CpuThreadHost, readonly heap: TensorHeap) {
    const module = sharedGemmModule(mode);
    this.kernels = heap.instantiate<GemmExports>(module);
    const control = new SharedArrayBuffer(CTL.size * 4);
    this.ctl = new Int32Array(control);
    for (let index = 1; index < size; index++) {
      this.workers.push(host.start(GEMM_WORKER_LOOP, { module, memory: heap.memory, control, index }));
    }
  }

  /**
   * `macro` over row strips [0, rowEnd) and column strips [0, colEnd), shared by every thread;
   * thread `index` keeps its edge tile at `tiles + index * TILE_BYTES` (heap addresses).
   */
  macro(rowEnd: number, colEnd: number, m: number, n: number, kc: number, pa: number, pb: number, c: number, ldc: number, tiles: number): void {
    const ctl = this.ctl;
    const T = this.size;
    this.jobs++;
    const rows = rowEnd / GEMM_MR >= T;
    const a = CTL.args;
    ctl[CTL.threads] = T;
    ctl[CTL.splitRows] = rows ? 1 : 0;
    ctl[a] = rowEnd; ctl[a + 1] = colEnd; ctl[a + 2] = m; ctl[a + 3] = n; ctl[a + 4] = kc;
    ctl[a + 5] = pa; ctl[a + 6] = pb; ctl[a + 7] = c; ctl[a + 8] = ldc; ctl[a + 9] = tiles;
    Atomics.store(ctl, CTL.pending, T - 1);
    Atomics.add(ctl, CTL.generation, 1);
    Atomics.notify(ctl, CTL.generation);
    const strip = rows ? GEMM_MR : GEMM_NR;
    const end = rows ? rowEnd : colEnd;
    const hi = Math.min(end, Math.floor(Math.ceil(end / strip) / T) * strip);
    if (hi > 0) {
      if (rows) this.kernels.macro(0, hi, 0, colEnd, m, n, kc, pa, pb, c, ldc, tiles);
      else this.kernels.macro(0, rowEnd, 0, hi, m, n, kc, pa, pb, c, ldc, tiles);
    }
    for (let left = Atomics.load(ctl, CTL.pending); left !== 0; left = Atomics.load(ctl, CTL.pending)) {
      Atomics.wait(ctl, CTL.pending, left);
    }
  }

  /** Stops the workers. */
  dispose(): void {
    Atomics.store(this.ctl, CTL.stop, 1);
    Atomics.add(this.ctl, CTL.generation, 1);
    Atomics.notify(this.ctl, CTL.generation);
    for (const w of this.workers) w.terminate();
  }
}
