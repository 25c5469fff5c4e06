// Browser: the page's `navigator.gpu`. No Node imports on this path.

/** The page's `GPU` object, or undefined where WebGPU is not exposed. */
export function gpuEntry(): GPU | undefined {
  return (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
}
