/**
 * The advice after "device X is not available": PyTorch's GPU names (`cuda`, `mps`, ...) map to
 * WebGPU in Flint, which the `@flint/backend-webgpu` plugin adds. `known` lists the device kinds
 * or devices there are (to tell whether WebGPU is present already).
 */
export function missingDeviceHint(kind: string, known: readonly string[]): string {
  const webgpu = known.some((d) => d.startsWith('webgpu'));
  const add = webgpu ? '' : "; add WebGPU with `npm install @flint/backend-webgpu` and `await initWebGpu()` from it";
  if (kind === 'cuda' || kind === 'mps' || kind === 'gpu' || kind === 'xpu') {
    return `. Flint reaches GPUs through WebGPU: use 'webgpu' (or 'webgpu:1', ...) instead of '${kind}'${add}`;
  }
  return kind === 'webgpu' ? add : '';
}
