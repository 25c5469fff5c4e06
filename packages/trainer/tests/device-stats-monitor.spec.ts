import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getNumThreads } from '@flint/core';
import { DeviceStatsMonitor, MemoryLogger, Trainer } from '../src/index.js';
import { loaders, Mlp } from './fixtures.js';

describe('DeviceStatsMonitor', () => {
  it('logs CPU threads, heap, live tensors and each device\'s buffers every n steps', async () => {
    const logger = new MemoryLogger();
    const trainer = new Trainer({ accelerator: 'cpu', defaultRootDir: mkdtempSync(join(tmpdir(), 'flint-ds-')), enableProgressBar: false, enableModelSummary: false, maxEpochs: 1, logger, callbacks: [new DeviceStatsMonitor({ everyNSteps: 2 })] });
    await trainer.fit(new Mlp(), loaders().train);
    const rows = logger.rows.filter((r) => 'device_stats/cpu_threads' in r.metrics);
    expect(rows.map((r) => r.step)).toEqual([2, 4, 6, 8]);
    for (const { metrics: m } of rows) {
      expect(m['device_stats/cpu_threads']).toBe(getNumThreads());
      expect(m['device_stats/heap_used_bytes']).toBeGreaterThan(0);
      expect(m['device_stats/rss_bytes']).toBeGreaterThanOrEqual(m['device_stats/heap_used_bytes']);
      expect(m['device_stats/live_tensors']).toBeGreaterThan(0);
      // The model's 4 parameters alone hold (8*32 + 32 + 32*3 + 3) floats on the CPU.
      expect(m['device_stats/cpu/buffer_bytes']).toBeGreaterThanOrEqual(4 * (8 * 32 + 32 + 32 * 3 + 3));
      expect(m['device_stats/cpu/buffers']).toBeGreaterThanOrEqual(4);
    }
    expect(() => new DeviceStatsMonitor({ everyNSteps: 0 })).toThrow('DeviceStatsMonitor: everyNSteps must be a positive integer, got 0');
  });

  it("on accelerator 'webgpu' reports the WebGPU device's buffer bytes (lavapipe here)", async () => {
    process.env.XDG_RUNTIME_DIR ??= '/tmp';
    const logger = new MemoryLogger();
    const trainer = new Trainer({ accelerator: 'webgpu', defaultRootDir: mkdtempSync(join(tmpdir(), 'flint-ds-gpu-')), enableProgressBar: false, enableModelSummary: false, enableCheckpointing: false, maxEpochs: 1, limitTrainBatches: 2, numSanityValSteps: 0, logger, callbacks: [new DeviceStatsMonitor()] });
    await trainer.fit(new Mlp(), loaders().train);
    const m = logger.rows.filter((r) => 'device_stats/cpu_threads' in r.metrics).at(-1)!.metrics;
    const gpu = Object.keys(m).find((k) => /^device_stats\/webgpu(:\d+)?\/buffer_bytes$/.test(k));
    expect(gpu, Object.keys(m).join(', ')).toBeDefined();
    expect(m[gpu!]).toBeGreaterThanOrEqual(4 * (8 * 32 + 32 + 32 * 3 + 3));
  }, 60_000);
});
