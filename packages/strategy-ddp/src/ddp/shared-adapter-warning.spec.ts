import { describe, it, expect } from 'vitest';
import { sharedAdapterWarning, warnIfAdapterShared } from './shared-adapter-warning.js';

describe('shared WebGPU adapter warning', () => {
  it('is given for several ranks of one machine on WebGPU only', () => {
    expect(sharedAdapterWarning('webgpu:1', 4)).toBe(
      'ddp: 4 ranks of this machine share one WebGPU adapter (this rank: webgpu:1); they split its time and memory, so expect less than linear scaling',
    );
    expect(sharedAdapterWarning('webgpu:0', 1)).toBeUndefined();
    expect(sharedAdapterWarning('webgpu:1', 2, 2)).toBeUndefined();
    expect(sharedAdapterWarning('webgpu:2', 4, 2)).toMatch(/^ddp: 4 ranks of this machine share 2 WebGPU adapters \(this rank: webgpu:2\)/);
    expect(sharedAdapterWarning('cpu', 4)).toBeUndefined();
  });

  it('is emitted once per thread as a process warning with its code', async () => {
    const seen: Error[] = [];
    const onWarning = (w: Error): void => void seen.push(w);
    process.on('warning', onWarning);
    warnIfAdapterShared('cpu', 2);
    warnIfAdapterShared('webgpu:0', 2);
    warnIfAdapterShared('webgpu:1', 2);
    await new Promise((r) => setTimeout(r, 50));
    process.off('warning', onWarning);
    expect(seen.length).toBe(1);
    expect(seen[0].message).toMatch(/^ddp: 2 ranks of this machine share one WebGPU adapter \(this rank: webgpu:0\)/);
    expect((seen[0] as Error & { code?: string }).code).toBe('FLINT_DDP_SHARED_ADAPTER');
  });
});
