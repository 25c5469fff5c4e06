import { getBackend } from '../backend/devices.js';

/**
 * Why `device` cannot run in this process (no backend registered for it), or null when it can.
 * Brings the CPU backend up on first use, as any op would.
 */
export function backendUnavailable(device: string): string | null {
  try {
    getBackend(device);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
