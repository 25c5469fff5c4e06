import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryLogger, Trainer } from '../src/index.js';
import { MetricsClassifier, directValues, valLoader } from './fixtures/metrics-case.js';
import { loaders } from './fixtures.js';

const options = () => ({ accelerator: 'cpu', defaultRootDir: mkdtempSync(join(tmpdir(), 'flint-metric-log-')), enableProgressBar: false, enableModelSummary: false }) as const;

describe('this.log(name, metric)', () => {
  it('validate: the trainer computes each logged metric at epoch end, equal to the package on the whole set, and resets it', async () => {
    const trainer = new Trainer({ ...options(), logger: false });
    const model = new MetricsClassifier();
    const [logged] = await trainer.validate(model, valLoader(64));
    const expected = await directValues(model);
    for (const [k, v] of Object.entries(expected)) {
      expect(logged[k], k).toBeCloseTo(v, 6);
      expect(trainer.callbackMetrics[k], k).toBe(logged[k]);
    }
    expect(expected['val_acc']).toBeGreaterThan(0.1);
    expect(expected['val_acc']).toBeLessThan(0.9);
    expect(Object.values(model.metrics).map((m) => m.sampleCount)).toEqual([0, 0, 0, 0]);
  });

  it('fit: every validation epoch starts from a reset metric; loggers and the progress bar get the value', async () => {
    const logger = new MemoryLogger();
    const trainer = new Trainer({ ...options(), maxEpochs: 2, logger, numSanityValSteps: 2 });
    const model = new MetricsClassifier();
    await trainer.fit(model, loaders().train, valLoader(100));
    const rows = logger.rows.filter((r) => 'val_acc' in r.metrics);
    expect(rows).toHaveLength(2);
    const expected = await directValues(model);
    expect(rows[1].metrics['val_acc']).toBeCloseTo(expected['val_acc'], 6);
    expect(rows[1].metrics['val_auroc']).toBeCloseTo(expected['val_auroc'], 6);
    expect(rows[0].metrics['val_acc']).not.toBe(rows[1].metrics['val_acc']);
  });

  it('refuses onStep for a metric object, naming it', async () => {
    const trainer = new Trainer({ ...options(), logger: false });
    await expect(trainer.validate(new MetricsClassifier({ onStep: true }), valLoader(64))).rejects.toThrow("log('val_acc'): a metric object is computed at epoch end");
  });
});
