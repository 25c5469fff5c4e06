import { onCpuKernelModeChange } from './cpu-kernel-mode.js';
import { WasmGemmInstance, gemmModule, type WasmMode } from './wasm-gemm-instance.js';

let cached: { mode: WasmMode; instance: WasmGemmInstance } | undefined;
onCpuKernelModeChange(() => {
  cached = undefined;
});

/** The single-threaded instance of a build (plain memory), compiled on first use. */
export function wasmGemmInstance(mode: WasmMode): WasmGemmInstance {
  if (cached?.mode !== mode) cached = { mode, instance: new WasmGemmInstance(gemmModule(mode, false)) };
  return cached.instance;
}
