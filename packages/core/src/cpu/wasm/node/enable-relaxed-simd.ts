import { setFlagsFromString } from 'node:v8';
import type { CpuKernelMode } from '../cpu-kernel-mode.js';
import { detectCpuKernelMode, setCpuKernelMode } from '../cpu-kernel-mode.js';

/**
 * Turns on WebAssembly relaxed SIMD in this Node process (on by default from Node 22; Node 20
 * has it behind a V8 flag that `NODE_OPTIONS` and workers' `execArgv` refuse) and re-probes
 * the CPU backend's kernel mode. Call it before the first matrix product. Returns the mode now
 * in use: `'relaxed-simd'` unless the runtime lacks it even with the flag.
 */
export function enableRelaxedSimd(): CpuKernelMode {
  if (detectCpuKernelMode() === 'relaxed-simd') return 'relaxed-simd';
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  return setCpuKernelMode('auto');
}
