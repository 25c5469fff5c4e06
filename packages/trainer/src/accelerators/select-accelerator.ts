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

const SKIP_NOTE = 'a fallback/software adapter, slower than the CPU backend';

/**
 * Resolves `accelerator`: a registered name, a plugin loaded by name ('webgpu'), or 'auto':
 * WebGPU when its plugin is installed and a hardware adapter exists, else CPU. A fallback or
 * software adapter (llvmpipe, lavapipe, SwiftShader) is skipped by 'auto', with the reason;
 * `accelerator: 'webgpu'` still uses it.
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
      if (await gpu.isAvailable()) {
        const adapter = await gpu.describe?.();
        if (adapter?.software) {
          return { name: 'cpu', factory: registry.get('cpu'), reason: `auto: skipped WebGPU adapter '${adapter.name}' (${SKIP_NOTE})`, fallback: false };
        }
        return { name: 'webgpu', factory: gpu, reason: `auto: WebGPU adapter '${adapter?.name ?? 'webgpu:0'}'`, fallback: false };
      }
    }
    const why = registry.has('webgpu') ? 'no WebGPU adapter was found' : 'the WebGPU plugin (@flint/backend-webgpu) is not available';
    return { name: 'cpu', factory: registry.get('cpu'), reason: `accelerator 'auto': ${why}, training on the CPU backend`, fallback: true };
  }
  if (!registry.has(name)) await plugins.load('accelerator', name);
  return { name, factory: registry.get(name), reason: `accelerator '${name}' as asked`, fallback: false };
}
