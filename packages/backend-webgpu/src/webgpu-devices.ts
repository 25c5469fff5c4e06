import type { DeviceProvider } from '@flint/core';
import { DeviceError, kernelRegistry, type KernelRegistry } from '@flint/core';
import { requestGpuDevice, type GpuDeviceHandle } from './adapter.js';
import { WebGpuBackend } from './webgpu-backend.js';
import { webgpuKernels } from './webgpu-kernels.js';

/** Physical WebGPU devices prepared so far, by index. Kept for the life of the process. */
const handles: GpuDeviceHandle[] = [];
let pending: Promise<number> | null = null;
let absent = false;

/**
 * Prepares `count` physical devices (each on a fresh adapter) and resolves with how many
 * exist: fewer when the machine has no adapter. Later calls with a larger count add devices.
 * `timestamps: false` leaves out the `timestamp-query` feature on the devices this call adds.
 */
export function prepareDevices(count = 1, timestamps = true): Promise<number> {
  const run = async (): Promise<number> => {
    while (handles.length < count && !absent) {
      const h = await requestGpuDevice(timestamps);
      if (!h) absent = true;
      else handles.push(h);
    }
    return handles.length;
  };
  pending = (pending ?? Promise.resolve(0)).then(run, run);
  return pending;
}

/** The adapter name of prepared device `index` and whether it renders in software (null if not prepared). */
export const preparedDeviceInfo = (index: number): { readonly name: string; readonly software: boolean } | null => {
  const h = handles[index];
  return h ? { name: h.name, software: h.software } : null;
};

/** Devices prepared by `prepareDevices`. */
export const preparedDeviceCount = (): number => handles.length;

/** Registers the WebGPU kernels in `registry` (core's by default). */
export function registerWebGpuKernels(registry: KernelRegistry = kernelRegistry): void {
  registry.registerAll(webgpuKernels);
}

/**
 * The `'webgpu'` device provider. Devices are created synchronously on first use, so the
 * adapters and devices must have been requested before (`initWebGpu`, or the accelerator
 * factory's `create`); until then `count()` is 0.
 */
export const webgpuDeviceProvider: DeviceProvider = {
  kind: 'webgpu',
  count: () => handles.length,
  name: (index) => handles[index]?.name ?? `webgpu:${index} (not initialised)`,
  create(index, device) {
    const h = handles[index];
    if (!h) {
      throw new DeviceError(`${device}: no WebGPU device prepared for physical index ${index}; await initWebGpu() before the first op`);
    }
    return new WebGpuBackend(device, h.device, h.name);
  },
};
