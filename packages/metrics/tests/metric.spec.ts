import { describe, expect, it } from 'vitest';
import { DistributedSampler, tensor } from '@flint/core';
import { Accuracy, AUROC, MeanSquaredError, MetricError } from '../src/index.js';
import { inProcessGroups } from './in-process-group.js';
import { sk } from './sklearn-fixture.js';

const mc = sk.multiclass as { preds: number[][]; target: number[] };

/** Rank `rank`'s DistributedSampler shard of the multiclass fixture, in batches of `batch`. */
function shard(rank: number, worldSize: number, n: number, batch: number) {
  const idx = new DistributedSampler(n, { numReplicas: worldSize, rank, shuffle: true, seed: 7 }).indices();
  const out: [ReturnType<typeof tensor>, ReturnType<typeof tensor>][] = [];
  for (let i = 0; i < idx.length; i += batch) {
    const part = idx.slice(i, i + batch);
    out.push([tensor(part.map((j) => mc.preds[j])), tensor(Int32Array.from(part.map((j) => mc.target[j])))]);
  }
  return out;
}

describe('Metric state: reset, stateDict, merge', () => {
  it('stateDict round-trips into a fresh metric, which then computes the same value', async () => {
    const a = new Accuracy({ task: 'multiclass', numClasses: 5, average: 'micro' });
    a.update(tensor(mc.preds), tensor(Int32Array.from(mc.target)));
    const dict = await a.stateDict();
    expect(Object.keys(dict).sort()).toEqual(['fn', 'fp', 'tn', 'tp']);
    const b = new Accuracy({ task: 'multiclass', numClasses: 5, average: 'micro' });
    b.loadStateDict(JSON.parse(JSON.stringify(dict)));
    expect(await b.compute()).toBeCloseTo(sk.multiclass.accuracyMicro, 12);
    a.reset();
    expect(a.sampleCount).toBe(0);
    expect(await a.compute()).toBe(0);
  });

  it('loadStateDict rejects wrong keys or lengths and keeps the old state', async () => {
    const m = new MeanSquaredError();
    m.update(tensor([1, 2]), tensor([0, 0]));
    expect(() => m.loadStateDict({ sumError: [1] })).toThrow(new MetricError('MeanSquaredError.loadStateDict: expected keys [sumError, total], got [sumError]'));
    expect(() => m.loadStateDict({ sumError: [1, 2], total: [1] })).toThrow("MeanSquaredError.loadStateDict: 'sumError' must be 1 numbers");
    expect(await m.compute()).toBe(2.5);
  });

  it('merge of two halves equals one metric over everything; other classes are refused', async () => {
    const whole = new AUROC({ task: 'multiclass', numClasses: 5 });
    const a = new AUROC({ task: 'multiclass', numClasses: 5 });
    const b = new AUROC({ task: 'multiclass', numClasses: 5 });
    whole.update(tensor(mc.preds), tensor(Int32Array.from(mc.target)));
    a.update(tensor(mc.preds.slice(0, 100)), tensor(Int32Array.from(mc.target.slice(0, 100))));
    b.update(tensor(mc.preds.slice(100)), tensor(Int32Array.from(mc.target.slice(100))));
    await a.merge(b);
    expect(await a.compute()).toBeCloseTo(await whole.compute(), 12);
    await expect(a.merge(new MeanSquaredError() as never)).rejects.toThrow('AUROC.merge: cannot merge a MeanSquaredError');
  });
});

describe('Metric.sync over ranks', () => {
  it("4 ranks of a padded DistributedSampler (301 samples) equal one device once the padding is dropped", async () => {
    const groups = inProcessGroups(4);
    const metrics = groups.map(() => [new Accuracy({ task: 'multiclass', numClasses: 5, average: 'micro' }), new AUROC({ task: 'multiclass', numClasses: 5 })] as const);
    metrics.forEach(([acc, auroc], rank) => {
      for (const [p, t] of shard(rank, 4, 301, 16)) {
        acc.update(p, t);
        auroc.update(p, t);
      }
    });
    await Promise.all(metrics.map(([acc, auroc], r) => Promise.all([acc.sync(groups[r], { datasetSize: 301 }), auroc.sync(groups[r], { datasetSize: 301 })])));
    for (const [acc, auroc] of metrics) {
      expect(acc.synced).toBe(true);
      expect(await acc.compute()).toBeCloseTo(sk.multiclass.accuracyMicro, 12);
      expect(await auroc.compute()).toBeCloseTo(sk.multiclass.aurocMacro, 12);
    }
    // Without datasetSize the 3 repeated samples stay in: 304 decisions.
    const again = inProcessGroups(4);
    const padded = again.map(() => new Accuracy({ task: 'multiclass', numClasses: 5, average: 'micro' }));
    padded.forEach((m, rank) => shard(rank, 4, 301, 16).forEach(([p, t]) => m.update(p, t)));
    await Promise.all(padded.map((m, r) => m.sync(again[r])));
    const counts = await padded[0].stateDict();
    expect(counts.tp.reduce((a, b) => a + b) + counts.fn.reduce((a, b) => a + b)).toBe(304);
  });

  it('unsync restores the rank\'s own state; update while synced is refused', async () => {
    const groups = inProcessGroups(2);
    const ms = groups.map(() => new MeanSquaredError());
    ms[0].update(tensor([1]), tensor([0]));
    ms[1].update(tensor([3]), tensor([0]));
    await Promise.all(ms.map((m, r) => m.sync(groups[r])));
    expect(await ms[0].compute()).toBe(5);
    expect(() => ms[0].update(tensor([1]), tensor([0]))).toThrow('MeanSquaredError.update: the metric is synced across ranks; call unsync() or reset() first');
    ms[0].unsync();
    expect(await ms[0].compute()).toBe(1);
  });

  it('sums past float32 precision stay exact through the hi/lo transport', async () => {
    const groups = inProcessGroups(2);
    const ms = groups.map(() => new MeanSquaredError());
    ms.forEach((m) => m.loadStateDict({ sumError: [16_777_217], total: [3] }));
    await Promise.all(ms.map((m, r) => m.sync(groups[r])));
    expect(await ms[0].stateDict()).toEqual({ sumError: [33_554_434], total: [6] });
  });
});
