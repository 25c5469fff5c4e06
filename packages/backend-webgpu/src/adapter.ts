// The package's `imports` map picks the Node (Dawn) or browser (navigator.gpu) provider.
// eslint-disable-next-line @nx/enforce-module-boundaries -- a subpath import, not another project
import { gpuEntry, NO_ADAPTER_HINT } from '#gpu-provider';

/** One WebGPU device ready for ops, with the adapter description it came from. */
export interface GpuDeviceHandle {
  readonly device: GPUDevice;
  readonly name: string;
  /** The adapter is a fallback or software rasterizer (see `isSoftwareAdapter`). */
  readonly software: boolean;
}

/** Names of software rasterizers as adapters describe themselves. */
const SOFTWARE_RASTERIZERS = /llvmpipe|lavapipe|swiftshader/i;

/**
 * Whether an adapter renders in software: WebGPU says so with `isFallbackAdapter` (on the
 * adapter in older implementations, on `adapter.info` in newer ones), and Mesa's llvmpipe /
 * lavapipe or Google's SwiftShader name themselves in the adapter info.
 */
export function isSoftwareAdapter(adapter: { readonly isFallbackAdapter?: boolean; readonly info?: GPUAdapterInfo & { readonly isFallbackAdapter?: boolean } }): boolean {
  if (adapter.isFallbackAdapter === true || adapter.info?.isFallbackAdapter === true) return true;
  const info = adapter.info;
  return info !== undefined && SOFTWARE_RASTERIZERS.test([info.vendor, info.architecture, info.device, info.description].join(' '));
}

/** A readable name for an adapter: its description, else vendor and architecture. */
export function adapterName(info: GPUAdapterInfo | undefined): string {
  if (!info) return 'webgpu adapter';
  const parts = [info.description, info.vendor, info.architecture, info.device].filter((s) => s);
  return parts[0] ? (info.description || parts.join(' ')) : 'webgpu adapter';
}

/** Requests one adapter (a fresh one each call: an adapter is consumed by its first device). */
export async function requestAdapter(): Promise<GPUAdapter | null> {
  const gpu = gpuEntry();
  if (!gpu) return null;
  try {
    return await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch {
    return null;
  }
}

/**
 * Requests a device on a new adapter with the adapter's storage-buffer limits raised to what it
 * allows, and the `timestamp-query` feature where the adapter has it (the profiler then times
 * kernels on the GPU) unless `timestamps` is false. Returns null when there is no adapter (no
 * WebGPU, no Vulkan driver).
 */
export async function requestGpuDevice(timestamps = true): Promise<GpuDeviceHandle | null> {
  const adapter = await requestAdapter();
  if (!adapter) return null;
  const lim = adapter.limits;
  const device = await adapter.requestDevice({
    requiredFeatures: timestamps && adapter.features.has('timestamp-query') ? ['timestamp-query'] : [],
    requiredLimits: {
      maxStorageBufferBindingSize: lim.maxStorageBufferBindingSize,
      maxBufferSize: lim.maxBufferSize,
      maxStorageBuffersPerShaderStage: lim.maxStorageBuffersPerShaderStage,
      maxComputeWorkgroupStorageSize: lim.maxComputeWorkgroupStorageSize,
    },
  });
  return { device, name: adapterName(adapter.info), software: isSoftwareAdapter(adapter) };
}

/** Why no WebGPU device can be had here, in words that say what is missing. */
export function noAdapterReason(): string {
  if (!gpuEntry()) {
    return 'navigator.gpu is undefined: this page has no WebGPU (it needs a secure context such as https or http://127.0.0.1, and a browser with WebGPU on; Chromium on Linux needs --enable-unsafe-webgpu)';
  }
  return NO_ADAPTER_HINT;
}
