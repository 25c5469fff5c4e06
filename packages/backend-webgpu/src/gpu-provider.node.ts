// Node only: Dawn through the `webgpu` package. Selected by the `#gpu-provider` import's `node`
// condition, so a browser bundle never sees this file.
import { create, globals } from 'webgpu';

let gpu: GPU | undefined;

/**
 * The process's `GPU` object. Dawn must outlive every device made from it (when the object
 * `create([])` returns is collected, Dawn aborts or `mapAsync` never resolves), so it is kept
 * in this module for the life of the process.
 */
export function gpuEntry(): GPU | undefined {
  if (!gpu) {
    Object.assign(globalThis, globals);
    // Dawn rounds timestamps to 65.5 µs by default (a browser's timing-attack guard), which
    // would read most kernels as 0 ms; a Node process profiling itself has nothing to hide.
    gpu = create(['disable-dawn-features=timestamp_quantization']);
  }
  return gpu;
}

/** What is missing when Dawn finds no adapter. */
export const NO_ADAPTER_HINT =
  "Dawn found no WebGPU adapter: the machine needs a Vulkan driver (without a GPU, Mesa's lavapipe: apt install mesa-vulkan-drivers)";
