import { describe, expect, it } from 'vitest';
import { tensor } from '@flint/core';
import { ConfusionMatrix, MetricError } from '../src/index.js';
import { feed, sk } from './sklearn-fixture.js';

describe('ConfusionMatrix against scikit-learn', () => {
  it('binary: confusion_matrix [[tn, fp], [fn, tp]]', async () => {
    const m = new ConfusionMatrix({ task: 'binary' });
    feed((p, t) => m.update(p, t), sk.binary.preds, sk.binary.target, 'float32', 'float32');
    expect(await m.compute()).toEqual(sk.binary.confusionMatrix);
  });

  it('multiclass from scores: counts, and normalised over the true rows', async () => {
    const m = new ConfusionMatrix({ task: 'multiclass', numClasses: 5 });
    feed((p, t) => m.update(p, t), sk.multiclass.preds, sk.multiclass.target);
    expect(await m.compute()).toEqual(sk.multiclass.confusionMatrix);
    const n = new ConfusionMatrix({ task: 'multiclass', numClasses: 5, normalize: 'true' });
    feed((p, t) => n.update(p, t), sk.multiclass.preds, sk.multiclass.target);
    const got = await n.compute();
    (sk.multiclass.confusionMatrixTrue as number[][]).forEach((row, i) => row.forEach((v, j) => expect(got[i][j]).toBeCloseTo(v, 12)));
  });

  it('multilabel: multilabel_confusion_matrix, one 2x2 per label', async () => {
    const m = new ConfusionMatrix({ task: 'multilabel', numLabels: 4 });
    feed((p, t) => m.update(p, t), sk.multilabel.preds, sk.multilabel.target, 'float32', 'float32');
    expect(await m.compute()).toEqual(sk.multilabel.multilabelConfusionMatrix);
  });

  it('rejects a bad normalize and out-of-range predicted labels', async () => {
    expect(() => new ConfusionMatrix({ task: 'binary', normalize: 'rows' as 'true' })).toThrow(MetricError);
    const m = new ConfusionMatrix({ task: 'multiclass', numClasses: 2 });
    m.update(tensor(Int32Array.of(0, 5)), tensor(Int32Array.of(0, 1)));
    await expect(m.compute()).rejects.toThrow('ConfusionMatrix.update: preds must hold class indices in [0, 2), got 5 at index 1');
  });
});
