import { describe, expect, it } from 'vitest';
import { tensor } from '@flint/core';
import { AUROC, MetricError } from '../src/index.js';
import { feed, sk } from './sklearn-fixture.js';

describe('AUROC against scikit-learn', () => {
  it('binary, with tied scores', async () => {
    const m = new AUROC({ task: 'binary' });
    feed((p, t) => m.update(p, t), sk.binary.preds, sk.binary.target, 'float32', 'float32');
    expect(await m.compute()).toBeCloseTo(sk.binary.auroc, 12);
  });

  it('multiclass one-vs-rest on the softmax of logits, macro and weighted', async () => {
    for (const average of ['macro', 'weighted'] as const) {
      const m = new AUROC({ task: 'multiclass', numClasses: 5, average });
      feed((p, t) => m.update(p, t), sk.multiclass.preds, sk.multiclass.target);
      expect(await m.compute()).toBeCloseTo(sk.multiclass[average === 'macro' ? 'aurocMacro' : 'aurocWeighted'], 12);
    }
  });

  it('multilabel, macro over labels', async () => {
    const m = new AUROC({ task: 'multilabel', numLabels: 4 });
    feed((p, t) => m.update(p, t), sk.multilabel.preds, sk.multilabel.target, 'float32', 'float32');
    expect(await m.compute()).toBeCloseTo(sk.multilabel.aurocMacro, 12);
  });

  it('is NaN without positives; rejects integer preds', async () => {
    const m = new AUROC({ task: 'binary' });
    m.update(tensor([0.2, 0.7]), tensor([0, 0]));
    expect(await m.compute()).toBeNaN();
    expect(() => m.update(tensor(Int32Array.of(1, 0)), tensor([0, 1]))).toThrow(new MetricError('AUROC.update: preds must be float scores, got int32 [2]'));
  });
});
