import { describe, expect, it } from 'vitest';
import { tensor } from '@flint/core';
import { Precision } from '../src/index.js';
import { feed, sk } from './sklearn-fixture.js';

type Opts = ConstructorParameters<typeof Precision>[0];

async function run(opts: Opts, c: { preds: number[][]; target: number[] }): Promise<Precision> {
  const m = new Precision(opts);
  feed((p, t) => m.update(p, t), c.preds, c.target, 'float32', opts.task === 'multiclass' ? 'int32' : 'float32');
  await m.compute();
  return m;
}

describe('Precision against scikit-learn', () => {
  it('binary: of the positive class', async () => {
    expect(await (await run({ task: 'binary' }, sk.binary)).compute()).toBeCloseTo(sk.binary.precision, 12);
  });

  for (const average of ['micro', 'macro', 'weighted'] as const) {
    it(`multiclass and multilabel, average '${average}'`, async () => {
      expect(await (await run({ task: 'multiclass', numClasses: 5, average }, sk.multiclass)).compute()).toBeCloseTo(sk.multiclass['precision_' + average], 12);
      expect(await (await run({ task: 'multilabel', numLabels: 4, average }, sk.multilabel)).compute()).toBeCloseTo(sk.multilabel['precision_' + average], 12);
    });
  }

  it('a class never predicted and never true scores 0 (zero_division=0) and counts in the macro mean', async () => {
    const m = new Precision({ task: 'multiclass', numClasses: 3 });
    m.update(tensor(Int32Array.of(0, 1, 1, 0)), tensor(Int32Array.of(0, 1, 0, 0)));
    const per = await m.computePerClass();
    expect(per[2]).toBe(0);
    expect(await m.compute()).toBeCloseTo((per[0] + per[1]) / 3, 12);
  });
});
