import { describe, expect, it } from 'vitest';
import { tensor } from '@flint/core';
import { Accuracy, MetricError } from '../src/index.js';
import { feed, sk } from './sklearn-fixture.js';

async function accuracy(opts: ConstructorParameters<typeof Accuracy>[0], c: { preds: number[][]; target: number[] }): Promise<number> {
  const m = new Accuracy(opts);
  feed((p, t) => m.update(p, t), c.preds, c.target, 'float32', opts.task === 'multiclass' ? 'int32' : 'float32');
  return m.compute();
}

describe('Accuracy against scikit-learn', () => {
  it('binary: accuracy_score of probabilities thresholded at 0.5', async () => {
    expect(await accuracy({ task: 'binary' }, sk.binary)).toBeCloseTo(sk.binary.accuracy, 12);
  });

  it("multiclass: 'micro' is accuracy_score, 'macro' balanced_accuracy_score, topK 2 top_k_accuracy_score", async () => {
    const mc = sk.multiclass;
    expect(await accuracy({ task: 'multiclass', numClasses: 5, average: 'micro' }, mc)).toBeCloseTo(mc.accuracyMicro, 12);
    expect(await accuracy({ task: 'multiclass', numClasses: 5 }, mc)).toBeCloseTo(mc.accuracyMacro, 12);
    expect(await accuracy({ task: 'multiclass', numClasses: 5, average: 'micro', topK: 2 }, mc)).toBeCloseTo(mc.accuracyTop2, 12);
    expect(mc.accuracyTop2).toBeGreaterThan(mc.accuracyMicro);
  });

  it('multiclass from predicted labels equals from scores', async () => {
    const mc = sk.multiclass;
    const labels = (mc.preds as number[][]).map((row) => row.indexOf(Math.max(...row)));
    const m = new Accuracy({ task: 'multiclass', numClasses: 5, average: 'micro' });
    m.update(tensor(Int32Array.from(labels)), tensor(Int32Array.from(mc.target as number[])));
    expect(await m.compute()).toBeCloseTo(mc.accuracyMicro, 12);
  });

  it('multilabel: per-label accuracy, macro, micro and weighted by support', async () => {
    const ml = sk.multilabel;
    expect(await accuracy({ task: 'multilabel', numLabels: 4 }, ml)).toBeCloseTo(ml.accuracyMacro, 12);
    expect(await accuracy({ task: 'multilabel', numLabels: 4, average: 'micro' }, ml)).toBeCloseTo(ml.accuracyMicro, 12);
    expect(await accuracy({ task: 'multilabel', numLabels: 4, average: 'weighted' }, ml)).toBeCloseTo(ml.accuracyWeighted, 12);
  });

  it('binary logits go through a sigmoid: the same decisions as their probabilities', async () => {
    const m = new Accuracy({ task: 'binary' });
    m.update(tensor([-2, 0.5, 3, -0.1]), tensor([0, 1, 1, 1]));
    expect(await m.compute()).toBe(0.75);
  });

  it('rejects bad options and inputs with errors naming the metric and argument', async () => {
    expect(() => new Accuracy({ task: 'multiclass' })).toThrow(new MetricError("Accuracy: task 'multiclass' needs numClasses, a positive integer, got undefined"));
    expect(() => new Accuracy({ task: 'multiclass', numClasses: 3, topK: 4 })).toThrow(/topK must be an integer in \[1, 3\], got 4/);
    const m = new Accuracy({ task: 'multiclass', numClasses: 3 });
    expect(() => m.update(tensor([[0.1, 0.2]]), tensor(Int32Array.of(0)))).toThrow(/Accuracy.update: task 'multiclass' takes preds \[N, 3\].*got preds \[1,2\] and target \[1\]/);
    m.update(tensor([[0.1, 0.2, 0.7]]), tensor(Int32Array.of(3)));
    await expect(m.compute()).rejects.toThrow(new MetricError('Accuracy.update: target must hold class indices in [0, 3), got 3 at index 0'));
    const b = new Accuracy({ task: 'binary' });
    b.update(tensor([0.2, 0.9]), tensor([0, 2]));
    await expect(b.compute()).rejects.toThrow('Accuracy.update: target must hold 0 or 1, got 2 at flat index 1');
  });
});
