import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MetricsClassifier, directValues } from './fixtures/metrics-case.js';
import { runUserScript } from './fixtures/run-user-script.js';

const script = new URL('./fixtures/ddp-metrics-main.ts', import.meta.url).pathname;

describe("metric objects under Trainer({ strategy: 'ddp', devices: 4 })", () => {
  it('1003 samples on 4 ranks: every rank logs one device\'s value (the padded duplicate dropped)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'flint-ddp-metrics-'));
    const { code, output } = await runUserScript(script, [out]);
    expect(code, output).toBe(0);
    const ranks = readdirSync(out).filter((f) => f.startsWith('thread-')).map((f) => JSON.parse(readFileSync(join(out, f), 'utf8')) as { metrics: Record<string, number>; samplesLeft: number[] });
    expect(ranks).toHaveLength(4);
    const model = new MetricsClassifier();
    const expected = await directValues(model);
    const withDuplicate = await directValues(model, true);
    for (const r of ranks) {
      for (const k of Object.keys(expected)) expect(r.metrics[k], k).toBeCloseTo(expected[k], 9);
      expect(r.samplesLeft).toEqual([0, 0, 0, 0]);
    }
    // The duplicate would have shown: 1004 samples give another mean loss.
    expect(Math.abs(withDuplicate['val_loss'] - expected['val_loss'])).toBeGreaterThan(1e-6);
  }, 120_000);
});
