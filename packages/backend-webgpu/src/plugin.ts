import type { AcceleratorFactory, Backend, FlintPlugin } from '@flint/core';
import { DeviceError, getBackend, parseDevice, registerDeviceProvider } from '@flint/core';
import { noAdapterReason } from './adapter.js';
import { preparedDeviceInfo, prepareDevices, registerWebGpuKernels, webgpuDeviceProvider } from './webgpu-devices.js';
import type { WebGpuBackend } from './webgpu-backend.js';

export interface InitWebGpuOptions {
  /** Physical devices to prepare (each on its own adapter request); 1 by default. */
  readonly devices?: number;
  /**
   * Whether to request the adapter's `timestamp-query` feature, so that `profile(fn)` times
   * kernels on the GPU (true by default; the feature is used only while profiling). Applies to
   * the devices this call prepares: devices are prepared once per process.
   */
  readonly timestamps?: boolean;
}

/**
 * Brings WebGPU up without the trainer: requests the adapter(s) and device(s), registers the
 * kernels and the `'webgpu'` device provider. Resolves with the number of devices (0 when
 * the machine has no adapter: then `'webgpu'` tensors fail with a DeviceError).
 */
export async function initWebGpu(options: InitWebGpuOptions = {}): Promise<number> {
  registerWebGpuKernels();
  registerDeviceProvider(webgpuDeviceProvider);
  return prepareDevices(options.devices ?? 1, options.timestamps ?? true);
}

/** `initWebGpu`, then the backend of `device` (`'webgpu:0'` by default). */
export async function createWebGpuBackend(device = 'webgpu:0'): Promise<WebGpuBackend> {
  const index = parseDevice(device).index ?? 0;
  await initWebGpu({ devices: index + 1 });
  return getBackend(device) as WebGpuBackend;
}

/** The accelerator factory the trainer finds under `'webgpu'`. */
export const webgpuAccelerator: AcceleratorFactory = {
  isAvailable: async () => (await prepareDevices(1)) > 0,
  deviceCount: () => prepareDevices(1),
  async create(device: string): Promise<Backend> {
    const index = parseDevice(device).index ?? 0;
    const count = await prepareDevices(index + 1);
    if (count === 0) throw new DeviceError(`${device}: no WebGPU adapter: ${noAdapterReason()}`);
    return getBackend(device);
  },
  /** The first adapter's name, and whether it is a fallback/software one ('auto' skips those). */
  async describe() {
    await prepareDevices(1);
    return preparedDeviceInfo(0);
  },
};

/** The plugin descriptor: kernels, the `'webgpu'` device provider and accelerator factory. */
export const webgpuPlugin: FlintPlugin = {
  name: '@flint/backend-webgpu',
  register(registries) {
    registerWebGpuKernels(registries.kernels);
    registries.registerDeviceProvider(webgpuDeviceProvider);
    registries.accelerators.add('webgpu', webgpuAccelerator);
  },
};
