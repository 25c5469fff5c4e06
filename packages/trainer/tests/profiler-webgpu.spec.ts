import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualSeed } from '@flint/core';
import { Profiler, Trainer } from '../src/index.js';
import { Mlp, loaders } from './fixtures.js';

interface TraceFile {
  traceEvents: { name: string; ph: string; ts: number; dur?: number; cat?: string; tid: number; args?: { name?: string } }[];
}

// accelerator 'webgpu' makes the plugin loader import @flint/backend-webgpu by name; on lavapipe
// its device has timestamp queries, so the 'advanced' profiler reports GPU time.
describe("Trainer({ profiler: 'advanced', accelerator: 'webgpu' })", () => {
  it('reports webgpu kernels with GPU time and puts them on a device track of the trace', async () => {
    process.env.XDG_RUNTIME_DIR ??= '/tmp';
    manualSeed(0);
    const printed: string[] = [];
    const trainer = new Trainer({
      accelerator: 'webgpu',
      maxEpochs: 1,
      limitTrainBatches: 3,
      numSanityValSteps: 0,
      defaultRootDir: mkdtempSync(join(tmpdir(), 'flint-profiler-webgpu-')),
      enableProgressBar: false,
      enableModelSummary: false,
      enableCheckpointing: false,
      profiler: new Profiler('advanced', { print: (t) => printed.push(t) }),
    });
    await trainer.fit(new Mlp(), loaders().train);
    const ops = trainer.profiler!.lastSummary!.ops!;
    const mm = ops.ops.find((o) => o.backend === 'webgpu' && o.op === 'BatchMatMul')!;
    // 3 steps, each with at least 2 Linear forwards and their weight gradients.
    expect(mm.count).toBeGreaterThanOrEqual(3 * 3);
    expect(mm).toMatchObject({ timing: 'gpu' });
    expect(mm.totalMs).toBeGreaterThan(0);
    expect(ops.backends['webgpu'].timing).toBe('gpu');
    expect(printed[0]).toMatch(/webgpu +\| BatchMatMul +\| +\d+ \| .* \| gpu {4}\|/);
    const trace = JSON.parse(readFileSync(join(trainer.logDir, 'fit-trace.json'), 'utf8')) as TraceFile;
    expect(trace.traceEvents.filter((e) => e.ph === 'X' && e.tid === 2 && e.name === 'BatchMatMul')).toHaveLength(mm.count);
    expect(trace.traceEvents.find((e) => e.ph === 'M' && e.tid === 2)?.args?.name).toBe('webgpu device 0');
  });
});
