import { FlintError } from '../../tensor/errors.js';
import { GEMM_RELAXED_WASM, GEMM_SIMD_WASM } from './gemm-wasm-bytes.js';
import { decodeBase64 } from './decode-base64.js';

/**
 * Which kernels the CPU backend's float32 matrix products run on: WebAssembly with relaxed
 * SIMD (fused multiply-add where the hardware has it), WebAssembly with plain 128-bit SIMD, or
 * plain JavaScript (no WebAssembly SIMD in this runtime).
 */
export type CpuKernelMode = 'relaxed-simd' | 'simd' | 'js';

const MODES: readonly CpuKernelMode[] = ['relaxed-simd', 'simd', 'js'];

let detected: CpuKernelMode | undefined;
let chosen: CpuKernelMode | undefined;
let listeners: Array<() => void> = [];

/** Whether this runtime compiles the given build. */
function runtimeSupports(mode: CpuKernelMode): boolean {
  if (mode === 'js') return true;
  if (typeof WebAssembly !== 'object') return false;
  return WebAssembly.validate(decodeBase64(mode === 'relaxed-simd' ? GEMM_RELAXED_WASM : GEMM_SIMD_WASM));
}

/** The fastest mode this runtime supports, probed once by validating the builds. */
export function detectCpuKernelMode(): CpuKernelMode {
  detected ??= runtimeSupports('relaxed-simd') ? 'relaxed-simd' : runtimeSupports('simd') ? 'simd' : 'js';
  return detected;
}

/** The mode the CPU backend uses now: the one set by {@link setCpuKernelMode}, else the fastest supported. */
export function cpuKernelMode(): CpuKernelMode {
  return chosen ?? detectCpuKernelMode();
}

/**
 * Forces a kernel mode (to compare builds, or to test the fallback), or with `'auto'` re-probes
 * the runtime (after enabling relaxed SIMD on Node 20 with `enableRelaxedSimd` from
 * `@flint/core/node`). Throws a {@link FlintError} naming the mode when the runtime lacks it.
 */
export function setCpuKernelMode(mode: CpuKernelMode | 'auto'): CpuKernelMode {
  if (mode === 'auto') {
    detected = undefined;
    chosen = undefined;
  } else {
    if (!MODES.includes(mode)) throw new FlintError(`setCpuKernelMode: unknown mode '${String(mode)}' (known: ${MODES.join(', ')}, auto)`);
    if (!runtimeSupports(mode)) {
      throw new FlintError(`setCpuKernelMode: this runtime cannot compile the '${mode}' WebAssembly build` + (mode === 'relaxed-simd' ? ' (on Node 20 call enableRelaxedSimd() from @flint/core/node first)' : ''));
    }
    chosen = mode;
  }
  for (const listener of listeners) listener();
  return cpuKernelMode();
}

/** Called whenever the mode changes, so compiled instances of the old build are dropped. */
export function onCpuKernelModeChange(listener: () => void): void {
  listeners = [...listeners, listener];
}
