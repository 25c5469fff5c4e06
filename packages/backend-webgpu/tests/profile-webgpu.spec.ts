import { describe, expect, it } from 'vitest';
import { add, matmul, ones, profile, tidy } from '@flint/core';
import { webgpuReady } from './webgpu-available.js';

const ready = await webgpuReady();

// core's profile(fn) sees kernels of every backend at the one dispatch point: WebGPU's are
// counted under 'webgpu' with their output bytes (times are wall time around encode/submit).
(ready ? describe : describe.skip)('profile(fn) on webgpu:0', () => {
  it('reports webgpu kernels apart from cpu ones, with counts and bytes', async () => {
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
    const gpu = (op: string) => report.ops.find((o) => o.backend === 'webgpu' && o.op === op);
    expect(gpu('BatchMatMul')).toMatchObject({ count: 2, bytes: 2 * 8 * 4 * 4 });
    expect(gpu('Add')).toMatchObject({ count: 1, bytes: 8 * 4 * 4 });
    expect(report.ops.find((o) => o.backend === 'cpu' && o.op === 'Add')).toMatchObject({ count: 1, bytes: 12 });
    expect(report.backends['webgpu'].timing).toBe('wall');
    expect(report.traceEvents.filter((e) => e.cat === 'webgpu').length).toBe(report.backends['webgpu'].count);
    for (const t of [a, w, c]) t.dispose();
  });
});
