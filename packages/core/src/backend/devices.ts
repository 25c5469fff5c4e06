import type { Backend } from './backend.js';
import { DeviceError } from '../tensor/errors.js';
import { kernelRegistry } from './kernel-registry.js';
import { createCpuBackend } from '../cpu/cpu-backend.js';
import { missingDeviceHint } from '../devices/missing-device-hint.js';

/**
 * Live backends by device string. The CPU backend is the embedded default and comes up on
 * first use; other backends arrive through `registerBackend` (their plugin's `register`).
 */
const backends = new Map<string, Backend>();
let defaultDevice = 'cpu';

/**
 * How the device layer (`devices/`) plugs in once a device provider is registered: what an
 * index-less kind means, and lazy creation of provider backends on first use.
 */
export interface DeviceResolver {
  /** The index `'<kind>'` without one means (the kind's current device). */
  currentIndex(kind: string): number;
  /** Creates (or refuses with a DeviceError) the backend of a device not yet registered. */
  create(key: string, requested: string): Backend | undefined;
}
let resolver: DeviceResolver | undefined;

export function setDeviceResolver(r: DeviceResolver | undefined): void {
  resolver = r;
}

export function registerBackend(backend: Backend): void {
  backends.set(backend.device, backend);
}

export function hasBackend(device: string): boolean {
  return backends.has(normalizeDevice(device));
}

/** `'webgpu'` means the current webgpu device (`'webgpu:0'` unless `setDevice` chose another); `'cpu:0'` means `'cpu'`. */
export function normalizeDevice(device: string): string {
  const [kind, index] = device.split(':');
  if (kind === 'cpu') return 'cpu';
  return `${kind}:${index ?? resolver?.currentIndex(kind) ?? '0'}`;
}

export function getBackend(device: string = defaultDevice): Backend {
  const key = normalizeDevice(device);
  let b = backends.get(key);
  if (!b && key === 'cpu') {
    b = createCpuBackend(kernelRegistry);
    backends.set(key, b);
  }
  if (!b && resolver) {
    b = resolver.create(key, device);
    if (b) backends.set(key, b);
  }
  if (!b) {
    const registered = [...new Set(['cpu', ...backends.keys()])];
    throw new DeviceError(
      `device '${device}' is not available: no backend registered for it (registered: ${registered.join(', ')})${missingDeviceHint(key.split(':')[0], registered)}`,
    );
  }
  return b;
}

export const getDefaultDevice = (): string => defaultDevice;

/** Device new tensors go to when none is named. */
export function setDefaultDevice(device: string): void {
  getBackend(device);
  defaultDevice = normalizeDevice(device);
}

export const liveBackends = (): Backend[] => [...backends.values()];

export { kernelRegistry };
