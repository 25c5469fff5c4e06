// @flint/backend-webgpu: every core kernel in WGSL, on Dawn (Node) or navigator.gpu (browser).
export { WebGpuBackend } from './webgpu-backend.js';
export type { GpuData } from './gpu-data.js';
export { initWebGpu, createWebGpuBackend, webgpuPlugin, webgpuAccelerator } from './plugin.js';
export { isSoftwareAdapter } from './adapter.js';
export type { InitWebGpuOptions } from './plugin.js';
export { webgpuDeviceProvider, prepareDevices, registerWebGpuKernels } from './webgpu-devices.js';
export { webgpuKernels } from './webgpu-kernels.js';
export { UNSUPPORTED, unsupportedReason } from './unsupported.js';
export type { UnsupportedEntry } from './unsupported.js';
export { WgslCompileError } from './program-cache.js';
export { GpuMemoryError, GpuValidationError } from './gpu-errors.js';
export type { Program } from './program-cache.js';
