import { describe, expect, it } from 'vitest';
import { add, getBackend, matmul, ones, OpProfile, profile, randn, tidy, type ProfileReport } from '@flint/core';
import type { WebGpuBackend } from '../src/index.js';
import { webgpuReady } from './webgpu-available.js';

const ready = await webgpuReady();

const gpuOp = (report: ProfileReport, op: string) => report.ops.find((o) => o.backend === 'webgpu' && o.op === op);

// Lavapipe's adapter has `timestamp-query`, so profiles time WebGPU kernels on the device.
(ready ? describe : describe.skip)('profile(fn) on webgpu:0 with timestamp queries', () => {
  it('reports webgpu kernels apart from cpu ones, with exact counts and bytes and GPU times', async () => {
    const backend = getBackend('webgpu:0') as WebGpuBackend;
    expect(backend.deviceTimer?.timing).toBe('gpu');
    const a = ones([8, 16], { device: 'webgpu:0' });
    const w = ones([16, 4], { device: 'webgpu:0' });
    const c = ones([3]);
    const { result, report } = await profile(async () => {
      const y = tidy(() => add(matmul(a, w), matmul(a, w)));
      add(c, c).dispose();
      const values = await y.toArray();
      y.dispose();
      return values;
    });
    expect((result as number[][])[0][0]).toBe(32);
    expect(gpuOp(report, 'BatchMatMul')).toMatchObject({ count: 2, bytes: 2 * 8 * 4 * 4, timing: 'gpu' });
    expect(gpuOp(report, 'Add')).toMatchObject({ count: 1, bytes: 8 * 4 * 4, timing: 'gpu' });
    expect(report.ops.find((o) => o.backend === 'cpu' && o.op === 'Add')).toMatchObject({ count: 1, bytes: 12, timing: 'wall' });
    expect(report.backends['webgpu'].timing).toBe('gpu');
    expect(report.backends['cpu'].timing).toBe('wall');
    for (const o of report.ops.filter((x) => x.backend === 'webgpu')) {
      expect(o.totalMs).toBeGreaterThan(0);
      expect(o.meanMs).toBeCloseTo(o.totalMs / o.count, 9);
      expect(o.hostMs).toBeGreaterThan(0);
    }
    const webgpu = report.backends['webgpu'];
    expect(webgpu.totalMs).toBeCloseTo(gpuOp(report, 'BatchMatMul')!.totalMs + gpuOp(report, 'Add')!.totalMs, 9);
    // Host events on thread 1 for every run; device events on thread 2 for every run that dispatched.
    expect(report.traceEvents.filter((e) => e.cat === 'webgpu' && e.tid === 1)).toHaveLength(webgpu.count);
    const device = report.traceEvents.filter((e) => e.cat === 'webgpu device');
    expect(device.map((e) => e.name).sort()).toEqual(['Add', 'BatchMatMul', 'BatchMatMul']);
    expect(device.every((e) => e.tid === 2 && e.dur > 0)).toBe(true);
    for (const t of [a, w, c]) t.dispose();
  });

  it('gives consistent GPU times over more dispatches than one submit holds', async () => {
    const big = randn([256, 256], { device: 'webgpu:0' });
    const tiny = ones([4], { device: 'webgpu:0' });
    const matmuls = 12;
    const adds = 150; // 162 dispatches: the timestamps span two submitted batches
    const { report } = await profile(async () => {
      for (let i = 0; i < matmuls; i++) matmul(big, big).dispose();
      for (let i = 0; i < adds; i++) add(tiny, tiny).dispose();
      await getBackend('webgpu:0').read(tiny.storage.dataId);
    });
    const mm = gpuOp(report, 'BatchMatMul')!;
    const ad = gpuOp(report, 'Add')!;
    expect(mm).toMatchObject({ count: matmuls, timing: 'gpu', bytes: matmuls * 256 * 256 * 4 });
    expect(ad).toMatchObject({ count: adds, timing: 'gpu', bytes: adds * 16 });
    // 256^3 multiply-adds against 4 additions (about 10 ms against under 0.1 ms on lavapipe): the
    // device sees the difference even on a loaded machine, where small dispatches slow down most.
    expect(mm.meanMs).toBeGreaterThan(3 * ad.meanMs);
    expect(ad.meanMs).toBeGreaterThan(0);
    // The device cannot have worked longer than the profiled region lasted.
    expect(mm.totalMs + ad.totalMs).toBeLessThan(report.wallMs);
    // One queue: the device runs are ordered and do not overlap.
    const device = report.traceEvents.filter((e) => e.cat === 'webgpu device');
    expect(device).toHaveLength(matmuls + adds);
    const sorted = [...device].sort((x, y) => x.ts - y.ts);
    expect(sorted.map((e) => e.name)).toEqual([...Array<string>(matmuls).fill('BatchMatMul'), ...Array<string>(adds).fill('Add')]);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i].ts).toBeGreaterThanOrEqual(sorted[i - 1].ts + sorted[i - 1].dur - 1e-3);
    expect(sorted[0].ts).toBeGreaterThanOrEqual(report.traceEvents.find((e) => e.cat === 'webgpu')!.ts - 1e-3);
    big.dispose();
    tiny.dispose();
  });

  it('hands inner-profile GPU times to the outer profile, then stops timing dispatches', async () => {
    const backend = getBackend('webgpu:0') as WebGpuBackend;
    const x = ones([64], { device: 'webgpu:0' });
    const outer = new OpProfile().start();
    const inner = await profile(() => add(x, x));
    add(x, x).dispose();
    const outerReport = await outer.finish();
    expect(gpuOp(inner.report, 'Add')).toMatchObject({ count: 1, timing: 'gpu' });
    const outerAdd = gpuOp(outerReport, 'Add')!;
    expect(outerAdd).toMatchObject({ count: 2, timing: 'gpu' });
    expect(outerAdd.totalMs).toBeGreaterThan(gpuOp(inner.report, 'Add')!.totalMs);
    expect(backend.deviceTimer?.recording).toBe(false);
    const y = add(inner.result, x);
    expect(Array.from(await y.toArray() as number[])).toEqual(new Array<number>(64).fill(3));
    for (const t of [x, y, inner.result]) t.dispose();
  });
});
