import type { AcceleratorFactory, Registry } from '@flint/core';
import type { PluginLoader } from '../di/plugin-loader.js';

/** The accelerator a run uses and why ('auto' says which it picked). */
export interface AcceleratorChoice {
  readonly name: string;
  readonly factory: AcceleratorFactory;
  readonly reason: string;
  /** True when 'auto' wanted WebGPU and fell back to the CPU (the trainer reports `reason`). */
  readonly fallback: boolean;
}

/**
 * Resolves `accelerator`: a registered name, a plugin loaded by name ('webgpu'), or 'auto':
 * WebGPU when its plugin is installed and an adapter exists, else CPU.
 */
export async function selectAccelerator(name: string, registry: Registry<AcceleratorFactory>, plugins: PluginLoader): Promise<AcceleratorChoice> {
  if (name === 'auto') {
    if (!registry.has('webgpu') && plugins.canLoad('accelerator', 'webgpu')) {
      try {
        await plugins.load('accelerator', 'webgpu');
      } catch {
        // Not installed: auto falls back to CPU.
      }
    }
    if (registry.has('webgpu')) {
      const gpu = registry.get('webgpu');
      if (await gpu.isAvailable()) return { name: 'webgpu', factory: gpu, reason: 'auto: a WebGPU adapter is available', fallback: false };
    }
    const why = registry.has('webgpu') ? 'no WebGPU adapter was found' : 'the WebGPU plugin (@flint/backend-webgpu) is not available';
    return { name: 'cpu', factory: registry.get('cpu'), reason: `accelerator 'auto': ${why}, training on the CPU backend`, fallback: true };
  }
  if (!registry.has(name)) await plugins.load('accelerator', name);
  return { name, factory: registry.get(name), reason: `accelerator '${name}' as asked`, fallback: false };
}
