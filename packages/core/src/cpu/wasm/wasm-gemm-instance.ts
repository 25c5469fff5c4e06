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
/** wasm32 addresses reach 4 GiB. */
const MAX_PAGES = 65536;

/** The compiled module of a build: plain memory, or shared memory (the tensor heap's). */
export function gemmModule(mode: WasmMode, shared: boolean): WebAssembly.Module {
  const base64 = mode === 'relaxed-simd' ? (shared ? GEMM_RELAXED_SHARED_WASM : GEMM_RELAXED_WASM) : shared ? GEMM_SIMD_SHARED_WASM : GEMM_SIMD_WASM;
  return new WebAssembly.Module(decodeBase64(base64));
}

const sharedModules = new Map<WasmMode, WebAssembly.Module>();

/**
 * The shared-memory module of a build, compiled once per thread: one module object, so
 * `TensorHeap.instantiate` keeps one instance of it, and the thread pool's workers get the
 * same code.
 */
export function sharedGemmModule(mode: WasmMode): WebAssembly.Module {
  let module = sharedModules.get(mode);
  if (!module) sharedModules.set(mode, (module = gemmModule(mode, true)));
  return module;
}

/**
 * One instance of the plain-memory build with its own linear memory, for the GEMM that copies
 * its operands in (`wasm-gemm-copying.ts`). The memory grows to the largest product seen and is
 * kept (growing is the only allocation; steady-state calls allocate nothing).
 */
export class WasmGemmInstance {
  readonly kernels: GemmExports;
  readonly memory: WebAssembly.Memory;
  private view: Float32Array;

  constructor(module: WebAssembly.Module) {
    this.memory = new WebAssembly.Memory({ initial: 16 });
    this.kernels = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as unknown as GemmExports;
    this.view = new Float32Array(this.memory.buffer);
  }

  /** A float32 view of the memory, grown to at least `bytes`; null when the memory cannot hold that much. */
  reserve(bytes: number): Float32Array | null {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) {
      const pages = Math.ceil((bytes - have) / PAGE);
      if (have / PAGE + pages > MAX_PAGES) return null;
      try {
        this.memory.grow(pages);
      } catch {
        return null;
      }
    }
    // A grown plain memory detaches its old buffer.
    if (this.view.byteLength !== this.memory.buffer.byteLength) this.view = new Float32Array(this.memory.buffer);
    return this.view;
  }
}
