import type { Backend } from '../backend/backend.js';
import { missingDeviceHint } from './missing-device-hint.js';
import { registerBackend, setDeviceResolver } from '../backend/devices.js';
import { DeviceError } from '../tensor/errors.js';
import { parseDevice } from './device-string.js';
import { toPhysical } from './visible-devices.js';

/**
 * What a backend package registers so core can count, name and create its devices without
 * knowing it by name. Indices here are physical; `FLINT_VISIBLE_DEVICES` maps logical ones.
 */
export interface DeviceProvider {
  /** Device kind, the part before the colon: `'webgpu'`. */
  readonly kind: string;
  /** Physical devices of this kind on the machine. */
  count(): number;
  /** Human-readable name of physical device `index` (the adapter's description). */
  name(index: number): string;
  /**
   * Creates the backend of physical device `index`. Its `device` must be `device`, the logical
   * string users address it by (`'webgpu:0'` for physical 2 under FLINT_VISIBLE_DEVICES=2).
   */
  create(index: number, device: string): Backend;
}

const providers = new Map<string, DeviceProvider>();
const current = new Map<string, number>();

/**
 * Registers a device provider (a backend plugin's `register` calls this); a second provider of
 * a kind replaces the first. Its devices' backends are created on first use.
 */
export function registerDeviceProvider(provider: DeviceProvider): void {
  const { kind } = parseDevice(provider.kind);
  if (kind === 'cpu' || kind !== provider.kind) {
    throw new DeviceError(`registerDeviceProvider: '${provider.kind}' cannot be a provider kind`);
  }
  providers.set(kind, provider);
  setDeviceResolver({ currentIndex: currentIndex, create: createDeviceBackend });
}

/** The provider of a kind, or undefined. */
export const deviceProvider = (kind: string): DeviceProvider | undefined => providers.get(kind);

/** Kinds with a registered provider. */
export const providerKinds = (): string[] => [...providers.keys()];

/** The kind's current logical index (`setDevice`); 0 until set. */
export const currentIndex = (kind: string): number => current.get(kind) ?? 0;

export function setCurrentIndex(kind: string, index: number): void {
  current.set(kind, index);
}

/** The provider of a kind, or a DeviceError naming the device and the kinds there are. */
export function requireProvider(kind: string, device: string): DeviceProvider {
  const p = providers.get(kind);
  if (!p) {
    const known = [...new Set(['cpu', ...providers.keys()])];
    throw new DeviceError(
      `device '${device}' is not available: no backend or device provider for '${kind}' (known kinds: ${known.join(', ')})${missingDeviceHint(kind, known)}`,
    );
  }
  return p;
}

/** Creates and registers the backend of logical device `key`, through its provider. */
function createDeviceBackend(key: string, requested: string): Backend | undefined {
  parseDevice(requested);
  const { kind, index } = parseDevice(key);
  if (kind === 'cpu') return undefined;
  const provider = requireProvider(kind, requested);
  const logical = index ?? currentIndex(kind);
  const physical = toPhysical(kind, logical, provider.count());
  const device = `${kind}:${logical}`;
  const backend = provider.create(physical, device);
  if (backend.device !== device) {
    throw new DeviceError(
      `device provider '${kind}' created a backend for '${backend.device}' when asked for '${device}' (physical ${physical})`,
    );
  }
  registerBackend(backend);
  return backend;
}
