import { initWebGpu } from '../src/index.js';

/**
 * Brings WebGPU up for a test file. Resolves true when a device exists. Without one the tests
 * skip with a visible message, except under CI=true, where a missing adapter is an error.
 */
export async function webgpuReady(): Promise<boolean> {
  process.env.XDG_RUNTIME_DIR ??= '/tmp';
  const n = await initWebGpu();
  if (n > 0) return true;
  const why = 'no WebGPU adapter found (install a Vulkan driver: mesa-vulkan-drivers from bookworm-backports)';
  if (process.env.CI === 'true') throw new Error(`CI=true: ${why}`);
  console.warn(`SKIPPING @flint/backend-webgpu tests: ${why}`);
  return false;
}
