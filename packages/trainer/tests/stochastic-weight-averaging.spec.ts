import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LambdaCallback, StochasticWeightAveraging, Trainer } from '../src/index.js';
import { loaders, Mlp } from './fixtures.js';

const options = () => ({ accelerator: 'cpu', defaultRootDir: mkdtempSync(join(tmpdir(), 'flint-swa-')), enableProgressBar: false, enableModelSummary: false, logger: false, numSanityValSteps: 0 }) as const;
const flat = (m: Mlp): number[] => m.parameters().flatMap((p) => Array.from(p.dataSync()));

describe('StochasticWeightAveraging', () => {
  it('from swaEpochStart (a fraction of maxEpochs) averages the epoch-end weights equally, holds swaLrs, and ends on the average', async () => {
    const model = new Mlp();
    const epochEnd: number[][] = [];
    const lrs: number[] = [];
    const record = new LambdaCallback({
      onTrainEpochEnd: (view) => {
        epochEnd.push(flat(model));
        lrs.push(view.optimizers[0].paramGroups[0].lr);
      },
    });
    const swa = new StochasticWeightAveraging({ swaEpochStart: 0.5, swaLrs: 0.02 });
    await new Trainer({ ...options(), maxEpochs: 4, limitTrainBatches: 3, callbacks: [record, swa] }).fit(model, loaders().train);
    expect(swa.startEpoch({ maxEpochs: 4 })).toBe(2);
    expect(lrs).toEqual([0.1, 0.1, 0.02, 0.02]);
    expect(swa.nAveraged).toBe(2);
    const mean = epochEnd[2].map((x, i) => (x + epochEnd[3][i]) / 2);
    flat(model).forEach((x, i) => expect(Math.abs(x - mean[i])).toBeLessThan(1e-6));
    expect(flat(model)).not.toEqual(epochEnd[3]);
  });

  it('validation runs on the average once there is one; the raw weights come back after it', async () => {
    const model = new Mlp();
    const swa = new StochasticWeightAveraging({ swaEpochStart: 1 });
    const vals: { seen: number[]; avg: number[] | null; after: number[] }[] = [];
    const record = new LambdaCallback({
      onValidationBatchStart: (_v, _m, _b, idx) => {
        if (idx === 0) vals.push({ seen: flat(model), avg: swa.averagedParameters?.flatMap((p) => Array.from(p.dataSync())) ?? null, after: [] });
      },
      onValidationEnd: () => void (vals[vals.length - 1].after = flat(model)),
    });
    const { train, val } = loaders();
    await new Trainer({ ...options(), maxEpochs: 4, limitTrainBatches: 2, callbacks: [swa, record] }).fit(model, train, val);
    expect(vals).toHaveLength(4);
    const withAverage = vals.filter((v) => v.avg !== null);
    expect(withAverage.length).toBeGreaterThanOrEqual(2);
    for (const v of vals) {
      if (v.avg === null) expect(v.seen).toEqual(v.after);
      else {
        expect(v.seen).toEqual(v.avg);
        expect(v.after).not.toEqual(v.seen);
      }
    }
  });

  it('rejects a start that is neither a fraction nor an epoch, and a non-positive lr', () => {
    expect(() => new StochasticWeightAveraging({ swaEpochStart: 1.5 })).toThrow('StochasticWeightAveraging: swaEpochStart must be a fraction in (0, 1) or an integer epoch, got 1.5');
    expect(() => new StochasticWeightAveraging({ swaLrs: 0 })).toThrow('StochasticWeightAveraging: swaLrs must be > 0, got 0');
  });
});
