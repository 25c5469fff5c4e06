import { describe, expect, it } from 'vitest';
import { add, getBackend, ones, OpProfile } from '@flint/core';
import type { WebGpuBackend } from '../src/index.js';
import { webgpuReady } from './webgpu-available.js';

const ready = await webgpuReady();

// Destroys this process's only device, so it runs in a file of its own.
(ready ? describe : describe.skip)('profile(fn) when the device goes away before its timestamps are read', () => {
  it('keeps the runs, timed by wall, instead of hanging or throwing', async () => {
    const backend = getBackend('webgpu:0') as WebGpuBackend;
    const x = ones([256], { device: 'webgpu:0' });
    const p = new OpProfile().start();
    for (let i = 0; i < 5; i++) add(x, x).dispose();
    // destroy() submits the recorded dispatches, whose timestamp readback then fails.
    backend.destroy();
    const report = await p.finish();
    const op = report.ops.find((o) => o.backend === 'webgpu' && o.op === 'Add');
    expect(op).toMatchObject({ count: 5, timing: 'wall' });
    expect(op!.totalMs).toBe(op!.hostMs);
    expect(report.backends['webgpu'].timing).toBe('wall');
    expect(report.traceEvents.filter((e) => e.cat === 'webgpu device')).toHaveLength(0);
  });
});
