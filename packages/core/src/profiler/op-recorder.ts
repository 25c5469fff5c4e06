import type { PendingDeviceTime } from './device-timer.js';

/** What kernel dispatch reports to while ops are being profiled. */
export interface OpRecorder {
  /**
   * One kernel run: its backend (`'cpu'`, `'webgpu'`), kernel name, start (ms, `performance.now()`),
   * wall duration around the kernel call, the bytes of the buffers it allocated, and its device
   * time where the backend has a device clock (null: wall time only).
   */
  record(backend: string, op: string, startMs: number, durationMs: number, bytes: number, device?: PendingDeviceTime | null): void;
}

/**
 * The recorder dispatch reports to. `null` when nothing profiles, so the cost of the profiler
 * being off is one property read per dispatched kernel.
 */
export const activeRecorder: { current: OpRecorder | null } = { current: null };
