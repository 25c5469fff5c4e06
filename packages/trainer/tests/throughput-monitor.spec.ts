import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryLogger, ThroughputMonitor, Trainer } from '../src/index.js';
import { loaders, Mlp, type Batch } from './fixtures.js';

const options = () => ({ accelerator: 'cpu', defaultRootDir: mkdtempSync(join(tmpdir(), 'flint-tp-')), enableProgressBar: false, enableModelSummary: false, numSanityValSteps: 0 }) as const;

describe('ThroughputMonitor', () => {
  it('logs batches, samples, items and FLOPs per second over its window, in the ratios the batches have', async () => {
    const logger = new MemoryLogger();
    // 256 samples in batches of 32: 8 batches; items = 8 features per sample; 1e6 FLOPs a batch.
    const tp = new ThroughputMonitor({ lengthFn: (b) => (b as Batch)[0].size, flopsPerBatch: 1e6, windowSize: 4 });
    await new Trainer({ ...options(), maxEpochs: 1, logger, callbacks: [tp] }).fit(new Mlp(), loaders().train);
    const rows = logger.rows.filter((r) => 'train/samples_per_sec' in r.metrics);
    expect(rows).toHaveLength(8);
    for (const { metrics: m } of rows) {
      expect(m['train/batches_per_sec']).toBeGreaterThan(0);
      expect(m['train/samples_per_sec'] / m['train/batches_per_sec']).toBeCloseTo(32, 9);
      expect(m['train/items_per_sec'] / m['train/samples_per_sec']).toBeCloseTo(8, 9);
      expect(m['train/flops_per_sec'] / m['train/batches_per_sec']).toBeCloseTo(1e6, 3);
    }
  });

  it('without lengthFn or flopsPerBatch logs only batches and samples; rejects a window under 2', async () => {
    const logger = new MemoryLogger();
    await new Trainer({ ...options(), maxEpochs: 1, limitTrainBatches: 3, logger, callbacks: [new ThroughputMonitor()] }).fit(new Mlp(), loaders().train);
    const keys = new Set(logger.rows.flatMap((r) => Object.keys(r.metrics)).filter((k) => k.startsWith('train/')));
    expect([...keys].sort()).toEqual(['train/batches_per_sec', 'train/samples_per_sec']);
    expect(() => new ThroughputMonitor({ windowSize: 1 })).toThrow('ThroughputMonitor: windowSize must be an integer >= 2, got 1');
  });
});
