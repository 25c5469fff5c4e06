import { describe, expect, it } from 'vitest';
import { randn, randint, type Tensor } from '@flint/core';
import { LightningDataModule, MisconfigurationError, SingleDeviceStrategy, Trainer, type BatchSource, type TrainerOptions } from '../src/index.js';
import { Mlp, type Batch } from './fixtures.js';

/** `n` batches of 4 samples (an array is a BatchSource). */
const batches = (n: number): Batch[] => Array.from({ length: n }, () => [randn([4, 8]), randint(0, 3, [4])] as Batch);

/** Ships 2 batches for every stage. */
class DataMlp extends Mlp {
  override trainDataloader(): BatchSource<Batch> { return batches(2); }
  override valDataloader(): BatchSource<Batch> { return batches(2); }
  override testDataloader(): BatchSource<Batch> { return batches(2); }
  override predictDataloader(): BatchSource<Batch> { return batches(2); }
  override predictStep([x]: Batch): Tensor { return this.forward(x); }
}

/** 3 batches for every stage. */
class ThreeBatches extends LightningDataModule<Batch> {
  override trainDataloader(): BatchSource<Batch> { return batches(3); }
  override valDataloader(): BatchSource<Batch> { return batches(3); }
  override testDataloader(): BatchSource<Batch> { return batches(3); }
  override predictDataloader(): BatchSource<Batch> { return batches(3); }
}

/** A real single-device strategy that counts its launches. */
class CountingStrategy extends SingleDeviceStrategy {
  launches = 0;
  override launch<T>(fn: () => Promise<T>): Promise<T> {
    this.launches++;
    return fn();
  }
}

const options = (strategy = new CountingStrategy()): TrainerOptions & { strategy: CountingStrategy } => ({
  strategy, maxEpochs: 1, numSanityValSteps: 0, enableProgressBar: false, enableModelSummary: false, enableCheckpointing: false, logger: false,
});

/** Batches each stage ran, from the events. */
function stageBatches(t: Trainer): Record<string, number> {
  const seen: Record<string, number> = {};
  t.events$.subscribe((e) => e.type === 'batchEnd' && (seen[e.stage] = (seen[e.stage] ?? 0) + 1));
  return seen;
}

describe("LightningModule data hooks (Lightning's order: loaders passed in, data module, module)", () => {
  it('fit(model), validate(model), test(model), predict(model) read the module hooks', async () => {
    const t = new Trainer(options());
    const seen = stageBatches(t);
    const m = new DataMlp();
    await t.fit(m);
    expect(seen).toEqual({ train: 2, validate: 2 });
    await t.validate(m);
    await t.test(m);
    expect(await t.predict(m)).toHaveLength(2);
    expect(seen).toEqual({ train: 2, validate: 4, test: 2, predict: 2 });
  });

  it('a data module wins over the module; loaders passed in win over both; val: null turns validation off', async () => {
    const fitSeen = async (train?: BatchSource<Batch> | ThreeBatches, val?: BatchSource<Batch> | null): Promise<Record<string, number>> => {
      const t = new Trainer(options());
      const seen = stageBatches(t);
      await t.fit(new DataMlp(), train, val);
      return seen;
    };
    expect(await fitSeen(new ThreeBatches())).toEqual({ train: 3, validate: 3 });
    expect(await fitSeen(batches(4), batches(5))).toEqual({ train: 4, validate: 5 });
    expect(await fitSeen(batches(4))).toEqual({ train: 4, validate: 2 });
    expect(await fitSeen(batches(1), null)).toEqual({ train: 1 });
    const t = new Trainer(options());
    expect(await t.predict(new DataMlp(), new ThreeBatches())).toHaveLength(3);
    expect(await t.predict(new DataMlp(), batches(1))).toHaveLength(1);
  });

  it('no data anywhere: MisconfigurationError naming every place, thrown before the strategy launches', async () => {
    const opts = options();
    const t = new Trainer(opts);
    const err = await t.fit(new Mlp()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MisconfigurationError);
    expect((err as Error).message).toBe('Trainer.fit needs data: pass a loader to fit(model, loader), a LightningDataModule with trainDataloader(), or define trainDataloader() on Mlp');
    class Empty extends LightningDataModule {}
    await expect(t.test(new Mlp(), new Empty())).rejects.toThrow('Trainer.test needs data: pass a loader to test(model, loader), Empty (the data module passed in) has no testDataloader(), or define testDataloader() on Mlp');
    await expect(t.predict(new Mlp(), batches(1))).rejects.toThrow(/Mlp: predict needs predictStep\(batch, batchIdx\)/);
    expect(opts.strategy.launches).toBe(0);
  });

  it('a hook that returns nothing is an error naming it', async () => {
    class NoTrain extends Mlp {
      override trainDataloader(): BatchSource<Batch> { return undefined as unknown as BatchSource<Batch>; }
    }
    await expect(new Trainer(options()).fit(new NoTrain())).rejects.toThrow('NoTrain.trainDataloader() returned undefined; return a loader (a DataLoader, an array or an iterable of batches)');
  });
});
