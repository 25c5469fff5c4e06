import { describe, expect, it } from 'vitest';
import { add, matmul, ones, relu, sum, tidy, zeros } from '../index.js';
import { activeRecorder } from './op-recorder.js';
import { OpProfile } from './op-profile.js';
import { profile } from './profile.js';
import { formatOpTable } from './profile-report.js';

describe('profile(fn)', () => {
  it('counts each kernel per backend with the bytes its outputs allocate', async () => {
    const a = ones([4, 5]);
    const b = ones([4, 5]);
    const w = ones([5, 3]);
    const { result, report } = await profile(() =>
      tidy(() => {
        const s = add(add(a, b), b);
        return sum(relu(matmul(s, w)));
      }),
    );
    expect(await result.item()).toBe(4 * 3 * 15);
    const op = (name: string) => report.ops.find((o) => o.op === name && o.backend === 'cpu');
    expect(op('Add')).toMatchObject({ count: 2, bytes: 2 * 4 * 5 * 4 });
    expect(op('BatchMatMul')).toMatchObject({ count: 1, bytes: 4 * 3 * 4 });
    expect(op('Relu')).toMatchObject({ count: 1, bytes: 4 * 3 * 4 });
    for (const o of report.ops) {
      expect(o.totalMs).toBeGreaterThanOrEqual(0);
      expect(o.meanMs).toBeCloseTo(o.totalMs / o.count, 9);
    }
    const cpu = report.backends['cpu'];
    expect(cpu.count).toBe(report.ops.reduce((n, o) => n + o.count, 0));
    expect(cpu.timing).toBe('wall');
    for (const o of report.ops) expect(o).toMatchObject({ timing: 'wall', hostMs: o.totalMs });
    expect(report.wallMs).toBeGreaterThanOrEqual(cpu.totalMs);
    expect(report.traceEvents).toHaveLength(cpu.count);
    expect(report.traceEvents[0]).toMatchObject({ ph: 'X', cat: 'cpu', pid: 1, tid: 1 });
    const table = formatOpTable(report);
    expect(table.split('\n')[0]).toMatch(/^Backend \| Op +\| Calls \| Total \(ms\) \| Mean \(ms\) \| Timing \| Allocated \(bytes\)$/);
    expect(table).toMatch(/cpu +\| Add +\| +2 \| .* \| wall {3}\| +160$/m);
    for (const t of [a, b, w, result]) t.dispose();
  });

  it('is off outside a profile, stops when fn throws, and nested profiles both see the inner ops', async () => {
    expect(activeRecorder.current).toBeNull();
    await expect(profile(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(activeRecorder.current).toBeNull();

    const outer = new OpProfile().start();
    zeros([2]).dispose();
    const inner = await profile(() => add(ones([3]), ones([3])));
    const outerReport = outer.stop();
    expect(activeRecorder.current).toBeNull();
    expect(inner.report.ops.map((o) => o.op)).toContain('Add');
    expect(outerReport.ops.find((o) => o.op === 'Add')?.count).toBe(1);
    expect(outerReport.backends['cpu'].count).toBeGreaterThan(inner.report.backends['cpu'].count);
    inner.result.dispose();
  });

  it('caps the trace and counts what it dropped', async () => {
    const x = ones([2]);
    const { report } = await profile(() => {
      for (let i = 0; i < 5; i++) add(x, x).dispose();
    }, { maxTraceEvents: 3 });
    expect(report.traceEvents).toHaveLength(3);
    expect(report.droppedTraceEvents).toBe(2);
    expect(report.ops.find((o) => o.op === 'Add')?.count).toBe(5);
    x.dispose();
  });
});
