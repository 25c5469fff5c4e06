import { describe, expect, it } from 'vitest';
import { crossEntropy, DataLoader, memory, randint, randn, TensorDataset, type Tensor } from '@flint/core';
import { BasePredictionWriter, Callback, Trainer, type BatchOutputs, type TrainerOptions, type TrainerView } from '../src/index.js';
import { Mlp, type Batch } from './fixtures.js';

const base: TrainerOptions = { accelerator: 'cpu', maxEpochs: 1, enableProgressBar: false, enableModelSummary: false, enableCheckpointing: false, logger: false, numSanityValSteps: 0 };
const batches = (n: number, size = 4): Batch[] => Array.from({ length: n }, () => [randn([size, 8]), randint(0, 3, [size])] as Batch);
const loader = (n: number, seed: number): DataLoader<Tensor[], Batch> => {
  const x = randn([n, 8]).add(seed);
  return new DataLoader(new TensorDataset(x, randint(0, 3, [n])), { batchSize: 4 }) as unknown as DataLoader<Tensor[], Batch>;
};

describe('step outputs, prediction writers and several evaluation loaders', () => {
  it('trainingStep returning { loss, ...extras } hands the extras to onTrainBatchEnd (callback and module)', async () => {
    const seen: BatchOutputs[] = [];
    class WithExtras extends Mlp {
      override trainingStep([x, y]: Batch): Tensor {
        const logits = this.forward(x);
        // Lightning's `return {"loss": loss, ...}` (Mlp types its step as returning the loss)
        return { loss: crossEntropy(logits, y), logits, note: 'hi' } as unknown as Tensor;
      }
      override onTrainBatchEnd(outputs: BatchOutputs): void {
        seen.push({ ...outputs, shape: (outputs['logits'] as Tensor).shape });
      }
    }
    const cbSeen: string[] = [];
    class Watch extends Callback {
      override onTrainBatchEnd(_v: TrainerView, _m: unknown, outputs: BatchOutputs): void {
        cbSeen.push(`${typeof outputs.loss}:${outputs['note']}:${(outputs['logits'] as Tensor).requiresGrad}`);
      }
    }
    const before = memory().buffers;
    await new Trainer({ ...base, callbacks: [new Watch()] }).fit(new WithExtras(), batches(2), null);
    expect(cbSeen).toEqual(['number:hi:false', 'number:hi:false']);
    expect(seen.map((o) => [o['note'], o['shape']])).toEqual([['hi', [4, 3]], ['hi', [4, 3]]]);
    expect(seen[0].loss).toBeTypeOf('number');
    // the extras' tensors were freed after the hook
    expect(memory().buffers - before).toBeLessThan(20);
  });

  it('predict with returnPredictions: false and a BasePredictionWriter: every batch written, nothing returned, memory flat', async () => {
    const written: number[][] = [];
    class RowWriter extends BasePredictionWriter {
      override writeOnBatchEnd(_t: TrainerView, _m: unknown, prediction: unknown, _b: unknown, batchIdx: number): void {
        written.push([batchIdx, (prediction as Tensor).shape[0]]);
      }
    }
    class Predicting extends Mlp {
      override predictStep([x]: Batch): Tensor {
        return this.forward(x);
      }
    }
    const buffers: number[] = [];
    const t = new Trainer({ ...base, callbacks: [new RowWriter()] });
    t.events$.subscribe((e) => e.type === 'batchEnd' && e.stage === 'predict' && buffers.push(memory().buffers));
    const data = loader(4 * 120, 0);
    const out = await t.predict(new Predicting(), data, { returnPredictions: false });
    expect(out).toEqual([]);
    expect(written).toHaveLength(120);
    expect(written[119]).toEqual([119, 4]);
    expect(buffers[119] - buffers[10]).toBeLessThanOrEqual(0);

    // An epoch writer gets them all at the end (and owns them).
    let all: unknown[] = [];
    class AllWriter extends BasePredictionWriter {
      override writeOnEpochEnd(_t: TrainerView, _m: unknown, predictions: unknown[]): void {
        all = predictions;
      }
    }
    await new Trainer({ ...base, callbacks: [new AllWriter('epoch')] }).predict(new Predicting(), loader(12, 0), { returnPredictions: false });
    expect(all.map((p) => (p as Tensor).shape)).toEqual([[4, 3], [4, 3], [4, 3]]);
  });

  it("several validation and test loaders: dataloaderIdx reaches the step, keys get '/dataloader_idx_N'", async () => {
    const calls: string[] = [];
    class TwoSets extends Mlp {
      override validationStep([x, y]: Batch, batchIdx = 0, dataloaderIdx = 0): Tensor {
        calls.push(`${dataloaderIdx}:${batchIdx}`);
        const loss = crossEntropy(this.forward(x), y);
        this.log('val_loss', loss);
        this.log('mean_x', x.mean());
        return loss;
      }
      override testStep(batch: Batch, batchIdx = 0, dataloaderIdx = 0): Tensor {
        return this.validationStep(batch, batchIdx, dataloaderIdx);
      }
    }
    const t = new Trainer(base);
    const [metrics] = await t.validate(new TwoSets(), [loader(8, 0), loader(12, 10)]);
    expect(calls).toEqual(['0:0', '0:1', '1:0', '1:1', '1:2']);
    expect(Object.keys(metrics).sort()).toEqual(['mean_x/dataloader_idx_0', 'mean_x/dataloader_idx_1', 'val_loss/dataloader_idx_0', 'val_loss/dataloader_idx_1']);
    expect(metrics['mean_x/dataloader_idx_1'] - metrics['mean_x/dataloader_idx_0']).toBeCloseTo(10, 0);
    const [tm] = await t.test(new TwoSets(), [loader(8, 0), loader(4, 5)]);
    expect(Object.keys(tm)).toContain('val_loss/dataloader_idx_1');
    // fit validates each of them too; one loader keeps plain keys
    const f = new Trainer(base);
    await f.fit(new TwoSets(), batches(2), [loader(8, 0), loader(4, 1)]);
    expect(Object.keys(f.callbackMetrics)).toEqual(expect.arrayContaining(['val_loss/dataloader_idx_0', 'val_loss/dataloader_idx_1']));
    const [single] = await t.validate(new TwoSets(), loader(8, 0));
    expect(Object.keys(single).sort()).toEqual(['mean_x', 'val_loss']);
  });
});
