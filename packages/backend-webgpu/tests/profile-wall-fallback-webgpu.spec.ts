import { describe, expect, it } from 'vitest';
import { add, getBackend, matmul, ones, profile, tidy } from '@flint/core';
import { initWebGpu, type WebGpuBackend } from '../src/index.js';
import { webgpuReady } from './webgpu-available.js';

// A device made without `timestamp-query` (this file runs in its own process, so its device is
// the only one): the profiler falls back to wall time around encode and submit.
process.env.XDG_RUNTIME_DIR ??= '/tmp';
await initWebGpu({ timestamps: false });
const ready = await webgpuReady();

(ready ? describe : describe.skip)('profile(fn) on a WebGPU device without timestamp queries', () => {
  it("reports wall time and says 'wall'", async () => {
    const backend = getBackend('webgpu:0') as WebGpuBackend;
    expect(backend.deviceTimer).toBeUndefined();
    const a = ones([8, 16], { device: 'webgpu:0' });
    const w = ones([16, 4], { device: 'webgpu:0' });
    const { result, report } = await profile(async () => {
      const y = tidy(() => add(matmul(a, w), matmul(a, w)));
      const values = await y.toArray();
      y.dispose();
      return values;
    });
    expect((result as number[][])[3][2]).toBe(32);
    expect(report.backends['webgpu']).toMatchObject({ count: 3, timing: 'wall' });
    const mm = report.ops.find((o) => o.backend === 'webgpu' && o.op === 'BatchMatMul');
    expect(mm).toMatchObject({ count: 2, timing: 'wall', bytes: 2 * 8 * 4 * 4 });
    expect(mm!.totalMs).toBe(mm!.hostMs);
    expect(report.traceEvents.filter((e) => e.cat === 'webgpu device')).toHaveLength(0);
    expect(report.traceEvents.filter((e) => e.cat === 'webgpu')).toHaveLength(3);
    for (const t of [a, w]) t.dispose();
  });
});
