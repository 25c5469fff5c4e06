// Browser: the page's `navigator.gpu`. No Node imports on this path.

/** The page's `GPU` object, or undefined where WebGPU is not exposed. */
export function gpuEntry(): GPU | undefined {
  return (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
}

/** What is missing when `navigator.gpu` exists but gives no adapter. */
export const NO_ADAPTER_HINT =
  'navigator.gpu.requestAdapter() returned no adapter: the browser exposes WebGPU but has no usable GPU (Chromium on Linux needs --enable-unsafe-webgpu; a blocklisted GPU gives none either)';
