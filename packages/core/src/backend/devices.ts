import type { Backend } from './backend.js';
import { DeviceError } from '../tensor/errors.js';
import { kernelRegistry } from './kernel-registry.js';
import { createCpuBackend } from '../cpu/cpu-backend.js';

/**
 * Live backends by device string. The CPU backend is the embedded default and comes up on
 * first use; other backends arrive through `registerBackend` (their plugin's `register`).
 */
const backends = new Map<string, Backend>();
let defaultDevice = 'cpu';

export function registerBackend(backend: Backend): void {
  backends.set(backend.device, backend);
}

export function hasBackend(device: string): boolean {
  return backends.has(normalizeDevice(device));
}

/** `'webgpu'` means `'webgpu:0'`; `'cpu:0'` means `'cpu'`. */
export function normalizeDevice(device: string): string {
  const [kind, index] = device.split(':');
  if (kind === 'cpu') return 'cpu';
  return `${kind}:${index ?? '0'}`;
}

export function getBackend(device: string = defaultDevice): Backend {
  const key = normalizeDevice(device);
  let b = backends.get(key);
  if (!b && key === 'cpu') {
    b = createCpuBackend(kernelRegistry);
    backends.set(key, b);
  }
  if (!b) {
    throw new DeviceError(
      `device '${device}' is not available: no backend registered for it ` +
        `(registered: ${[...backends.keys(), 'cpu'].join(', ')})`,
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
