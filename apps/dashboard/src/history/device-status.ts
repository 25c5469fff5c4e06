import { memory } from '@flint/core';
import type { DeviceStatus } from './dashboard-event.js';

/** The status of every device this process holds buffers on (one for single/DDP ranks, several for DP). */
export function sampleDeviceStatus(rank: number, stepMs: number, globalStep: number): DeviceStatus[] {
  const devices = memory().devices;
  return Object.entries(devices).map(([device, m]) => ({ rank, device, memoryBytes: m.bytes, buffers: m.buffers, stepMs, globalStep }));
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Checks a status another rank posted; throws a TypeError naming the bad field. */
export function parseDeviceStatus(body: unknown): DeviceStatus {
  if (typeof body !== 'object' || body === null) throw new TypeError('status: expected a JSON object');
  const o = body as Record<string, unknown>;
  for (const k of ['rank', 'memoryBytes', 'buffers', 'stepMs', 'globalStep']) {
    if (!finite(o[k])) throw new TypeError(`status: field '${k}' must be a finite number, got ${JSON.stringify(o[k])}`);
  }
  if (typeof o['device'] !== 'string' || o['device'] === '') throw new TypeError(`status: field 'device' must be a non-empty string`);
  return { rank: o['rank'] as number, device: o['device'], memoryBytes: o['memoryBytes'] as number, buffers: o['buffers'] as number, stepMs: o['stepMs'] as number, globalStep: o['globalStep'] as number };
}
