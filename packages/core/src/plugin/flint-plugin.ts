import type { Backend } from '../backend/backend.js';
import type { KernelRegistry } from '../backend/kernel-registry.js';
import type { DeviceProvider } from '../devices/device-provider.js';
import type { StrategyFactory } from '../distributed/strategy.js';
import type { Registry } from './registry.js';

/** What an accelerator's first device is, for the Trainer's choice and its start line. */
export interface AcceleratorDescription {
  /** The adapter's own name ('llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)', 'NVIDIA GeForce RTX 4090'). */
  readonly name: string;
  /**
   * A fallback adapter or a software rasterizer (llvmpipe, lavapipe, SwiftShader): it works,
   * but the CPU backend is faster, so `accelerator: 'auto'` skips it.
   */
  readonly software: boolean;
}

/** Makes the backend of an accelerator (a device kind) for one device index. */
export interface AcceleratorFactory {
  /** Whether this accelerator can run here (an adapter exists, ...). */
  isAvailable(): Promise<boolean>;
  /** Number of devices of this kind. */
  deviceCount(): Promise<number>;
  /** Prepares the backend for `device` ('webgpu:0'); resolves once it can take ops. */
  create(device: string): Promise<Backend>;
  /** Describes the first device (null when there is none); accelerators that cannot tell leave it out. */
  describe?(): Promise<AcceleratorDescription | null>;
}

/** The registries a plugin's `register` adds to; the trainer holds them in its DI container. */
export interface FlintRegistries {
  readonly strategies: Registry<StrategyFactory>;
  readonly accelerators: Registry<AcceleratorFactory>;
  readonly kernels: KernelRegistry;
  /** Registers a device kind with core's device queries (`deviceCount('webgpu')`). */
  registerDeviceProvider(provider: DeviceProvider): void;
}

/**
 * What a plugin package exports: one descriptor whose `register` adds its factories. Nothing
 * registers itself on import; the trainer's plugin loader imports the package by name and
 * calls `register`.
 */
export interface FlintPlugin {
  /** The npm package name, e.g. '@flint/strategy-ddp'. */
  readonly name: string;
  register(registries: FlintRegistries): void;
}
