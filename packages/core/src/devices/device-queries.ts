import { getBackend, getDefaultDevice } from '../backend/devices.js';
import { DeviceError } from '../tensor/errors.js';
import { memory } from '../tensor/memory.js';
import { formatDevice, parseDevice } from './device-string.js';
import { currentIndex, deviceProvider, requireProvider, setCurrentIndex } from './device-provider.js';
import { toPhysical, visiblePhysical } from './visible-devices.js';

/** Visible devices of a kind (`FLINT_VISIBLE_DEVICES` applied), like `torch.cuda.device_count`. */
export function deviceCount(kind: string): number {
  const { kind: k } = parseDevice(kind);
  if (k === 'cpu') return 1;
  const p = deviceProvider(k);
  return p ? visiblePhysical(p.count()).length : 0;
}

/** Whether a kind has at least one visible device, like `torch.cuda.is_available`. */
export const isAvailable = (kind: string): boolean => deviceCount(kind) > 0;

/** The device strings of a kind's visible devices: `['webgpu:0', 'webgpu:1']`. */
export function listDevices(kind: string): string[] {
  const { kind: k } = parseDevice(kind);
  return Array.from({ length: deviceCount(k) }, (_, i) => formatDevice(k, i));
}

/** The name of a device as its provider reports it (`'cpu'` for the CPU). */
export function deviceName(device: string): string {
  const { kind, index } = parseDevice(device);
  if (kind === 'cpu') return 'cpu';
  const p = requireProvider(kind, device);
  return p.name(toPhysical(kind, index ?? currentIndex(kind), p.count()));
}

/**
 * With a kind, that kind's current device (`'webgpu:1'` after `setDevice('webgpu:1')`; what
 * `'webgpu'` alone means); without one, the default device new tensors go to.
 */
export function currentDevice(kind?: string): string {
  if (kind === undefined) return getDefaultDevice();
  const { kind: k } = parseDevice(kind);
  return formatDevice(k, currentIndex(k));
}

/**
 * Makes `device` its kind's current device, like `torch.cuda.set_device`: `'webgpu'` then
 * means it. Creates its backend now, so an invisible device fails here.
 */
export function setDevice(device: string): void {
  const { kind, index } = parseDevice(device);
  if (kind === 'cpu') return;
  const logical = index ?? currentIndex(kind);
  getBackend(formatDevice(kind, logical));
  setCurrentIndex(kind, logical);
}

/**
 * The visible device of a kind with the fewest bytes allocated by Flint (`memory().devices`),
 * lowest index on ties; devices not used yet count as empty.
 */
export function leastLoadedDevice(kind: string): string {
  const { kind: k } = parseDevice(kind);
  if (k === 'cpu') return 'cpu';
  const n = deviceCount(k);
  if (n === 0) throw new DeviceError(`leastLoadedDevice: no ${k} device is visible`);
  const { devices } = memory();
  let best = 0;
  let bestBytes = Infinity;
  for (let i = 0; i < n; i++) {
    const bytes = devices[formatDevice(k, i)]?.bytes ?? 0;
    if (bytes < bestBytes) [best, bestBytes] = [i, bytes];
  }
  return formatDevice(k, best);
}
