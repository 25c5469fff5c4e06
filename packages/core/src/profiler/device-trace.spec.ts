import { describe, expect, it } from 'vitest';
import type { DeviceTimer } from './device-timer.js';
import { deviceTraceEvents, type DeviceRun } from './device-trace.js';

// Two device clocks with unrelated epochs; only identity matters to the placement.
const clockOf = (): DeviceTimer => ({ timing: 'gpu', begin: () => undefined, end: () => { throw new Error('unused'); }, flush: () => undefined });

describe('deviceTraceEvents', () => {
  it('puts each device clock on its own thread, its earliest run at that kernel host start, gaps kept', () => {
    const gpu0 = clockOf();
    const gpu1 = clockOf();
    const run = (timer: DeviceTimer, op: string, hostStartMs: number, deviceStartMs: number, durationMs: number): DeviceRun => ({ timer, op, backend: 'webgpu', hostStartMs, deviceStartMs, durationMs, bytes: 4 });
    const events = deviceTraceEvents([
      run(gpu0, 'Add', 10.5, 5_000_000.25, 0.5),
      run(gpu1, 'Relu', 11, 90, 0.125),
      run(gpu0, 'BatchMatMul', 10, 5_000_000, 0.25),
      run(gpu1, 'Sum', 12, 93, 1),
    ]);
    expect(events.map((e) => [e.name, e.tid, e.ts, e.dur])).toEqual([
      ['Add', 2, 10_250, 500],
      ['Relu', 3, 11_000, 125],
      ['BatchMatMul', 2, 10_000, 250],
      ['Sum', 3, 14_000, 1000],
    ]);
    expect(events[0]).toMatchObject({ ph: 'X', cat: 'webgpu device', pid: 1, args: { bytes: 4 } });
    expect(deviceTraceEvents([])).toEqual([]);
  });
});
