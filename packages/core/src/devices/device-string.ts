import { DeviceError } from '../tensor/errors.js';

/** A device string taken apart: `'webgpu:1'` is `{ kind: 'webgpu', index: 1 }`. */
export interface ParsedDevice {
  readonly kind: string;
  /** Undefined when the string names no index (`'webgpu'`: the kind's current device). */
  readonly index: number | undefined;
}

const DEVICE = /^([a-z][a-z0-9_-]*)(?::(0|[1-9][0-9]*))?$/;

/**
 * Parses `'cpu'`, `'webgpu'`, `'webgpu:1'`; anything else (`'gpu:x'`, `'WebGPU'`, `'cpu:1'`)
 * is a DeviceError naming the string.
 */
export function parseDevice(device: string): ParsedDevice {
  const m = typeof device === 'string' ? DEVICE.exec(device) : null;
  if (!m || !Number.isSafeInteger(Number(m[2] ?? 0))) {
    throw new DeviceError(
      `invalid device string '${String(device)}': expected 'cpu', a device kind such as 'webgpu', ` +
        `or a kind with an index such as 'webgpu:1'`,
    );
  }
  const kind = m[1];
  const index = m[2] === undefined ? undefined : Number(m[2]);
  if (kind === 'cpu' && index !== undefined && index !== 0) {
    throw new DeviceError(`invalid device string '${device}': there is one cpu device, 'cpu'`);
  }
  return { kind, index: kind === 'cpu' ? undefined : index };
}

/** The canonical string of a device: `'cpu'` or `'<kind>:<index>'`. */
export const formatDevice = (kind: string, index: number): string => (kind === 'cpu' ? 'cpu' : `${kind}:${index}`);
