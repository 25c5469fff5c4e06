import type { DeviceTimer } from './device-timer.js';
import type { TraceEvent } from './profile-report.js';

/** One kernel run as timed on a device, before it is placed on the host's timeline. */
export interface DeviceRun {
  readonly timer: DeviceTimer;
  readonly op: string;
  readonly backend: string;
  /** Host start of the kernel call (ms, `performance.now()`). */
  readonly hostStartMs: number;
  /** Device timestamp of its first dispatch (ms, the device's own epoch). */
  readonly deviceStartMs: number;
  readonly durationMs: number;
  readonly bytes: number;
}

/**
 * Trace events of device runs, one thread per device clock (tids 2, 3, ...). A device clock has
 * its own epoch, so each is shifted to put its earliest run at the host start of that run's
 * kernel: the GPU cannot start a kernel before the host encoded it, and the gaps between runs
 * on the device stay exact.
 */
export function deviceTraceEvents(runs: readonly DeviceRun[]): TraceEvent[] {
  const earliest = new Map<DeviceTimer, DeviceRun>();
  for (const r of runs) {
    const e = earliest.get(r.timer);
    if (!e || r.deviceStartMs < e.deviceStartMs) earliest.set(r.timer, r);
  }
  const clocks = new Map<DeviceTimer, { offsetMs: number; tid: number }>();
  for (const [timer, e] of earliest) clocks.set(timer, { offsetMs: e.hostStartMs - e.deviceStartMs, tid: clocks.size + 2 });
  return runs.map((r) => {
    const { offsetMs, tid } = clocks.get(r.timer) ?? { offsetMs: 0, tid: 2 };
    return { name: r.op, cat: `${r.backend} device`, ph: 'X', ts: (r.deviceStartMs + offsetMs) * 1000, dur: r.durationMs * 1000, pid: 1, tid, args: { bytes: r.bytes } };
  });
}
