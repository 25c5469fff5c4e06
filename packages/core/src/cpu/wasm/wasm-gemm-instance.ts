import type { CpuKernelMode } from './cpu-kernel-mode.js';
import { decodeBase64 } from './decode-base64.js';
import { GEMM_RELAXED_SHARED_WASM, GEMM_RELAXED_WASM, GEMM_SIMD_SHARED_WASM, GEMM_SIMD_WASM } from './gemm-wasm-bytes.js';

/** The kernel's exports; pointers are byte addresses, strides count float32 elements. */
export interface GemmExports {
  packA(src: number, rs: number, cs: number, mc: number, kc: number, dst: number): void;
  packB(src: number, rs: number, cs: number, kc: number, nc: number, dst: number): void;
  macro(i0: number, i1: number, j0: number, j1: number, m: number, n: number, kc: number, pa: number, pb: number, c: number, ldc: number, tile: number): void;
}

/** A WebAssembly build of the GEMM kernel. */
export type WasmMode = Exclude<CpuKernelMode, 'js'>;

const PAGE = 65536;
/** wasm32 addresses reach 4 GiB; a shared memory declares its maximum up front, so 2 GiB there. */
const MAX_PAGES = 65536;
const MAX_SHARED_PAGES = 32768;

/** The compiled module of a build: plain memory, or shared memory for worker threads. */
export function gemmModule(mode: WasmMode, shared: boolean): WebAssembly.Module {
  const base64 = mode === 'relaxed-simd' ? (shared ? GEMM_RELAXED_SHARED_WASM : GEMM_RELAXED_WASM) : shared ? GEMM_SIMD_SHARED_WASM : GEMM_SIMD_WASM;
  return new WebAssembly.Module(decodeBase64(base64));
}

/**
 * One instance of a GEMM build with its linear memory. The memory grows to the largest product
 * seen and is kept (growing is the only allocation; steady-state calls allocate nothing).
 */
export class WasmGemmInstance {
  readonly kernels: GemmExports;
  readonly memory: WebAssembly.Memory;
  private readonly maxPages: number;
  private view: Float32Array;

  constructor(module: WebAssembly.Module, shared: boolean) {
    this.maxPages = shared ? MAX_SHARED_PAGES : MAX_PAGES;
    this.memory = shared ? new WebAssembly.Memory({ initial: 16, maximum: MAX_SHARED_PAGES, shared: true }) : new WebAssembly.Memory({ initial: 16 });
    this.kernels = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as unknown as GemmExports;
    this.view = new Float32Array(this.memory.buffer);
  }

  /** A float32 view of the memory, grown to at least `bytes`; null when the memory cannot hold that much. */
  reserve(bytes: number): Float32Array | null {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) {
      const pages = Math.ceil((bytes - have) / PAGE);
      if (have / PAGE + pages > this.maxPages) return null;
      try {
        this.memory.grow(pages);
      } catch {
        return null;
      }
    }
    // A grown memory hands out a new buffer (a plain one detaches the old).
    if (this.view.byteLength !== this.memory.buffer.byteLength) this.view = new Float32Array(this.memory.buffer);
    return this.view;
  }
}
