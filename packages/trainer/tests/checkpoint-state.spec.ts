import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { randint, randn } from '@flint/core';
import { Callback, LightningDataModule, Trainer, type BatchSource, type TrainerOptions, type TrainerView } from '../src/index.js';
import { Mlp, type Batch } from './fixtures.js';

const options = (root: string): TrainerOptions => ({ accelerator: 'cpu', defaultRootDir: root, enableProgressBar: false, enableModelSummary: false, logger: false, numSanityValSteps: 0 });
const fixed = Array.from({ length: 3 }, () => [randn([4, 8]), randint(0, 3, [4])] as Batch);

/** A data module with state: how many train loaders it has handed out. */
class CountingData extends LightningDataModule<Batch> {
  served = 0;
  override trainDataloader(): BatchSource<Batch> {
    this.served++;
    return fixed;
  }
  override stateDict(): Record<string, unknown> {
    return { served: this.served };
  }
  override loadStateDict(state: Readonly<Record<string, unknown>>): void {
    this.served = state['served'] as number;
  }
}

/** Records the checkpoints it is given back. */
class Remember extends Callback {
  loaded: Readonly<Record<string, unknown>>[] = [];
  override onSaveCheckpoint(_v: TrainerView, _m: unknown, checkpoint: Record<string, unknown>): void {
    checkpoint['note'] = 'kept';
  }
  override onLoadCheckpoint(_v: TrainerView, _m: unknown, checkpoint: Readonly<Record<string, unknown>>): void {
    this.loaded.push(checkpoint);
  }
}

describe('checkpoint state that used to be lost', () => {
  it("a resume gives callbacks onLoadCheckpoint and the data module its stateDict; trainer.saveCheckpoint works after fit", async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-ckpt-state-'));
    const data = new CountingData();
    const first = new Trainer({ ...options(root), maxEpochs: 1, callbacks: [new Remember()] });
    const model = new Mlp();
    await first.fit(model, data);
    expect(data.served).toBe(1);
    const after = join(root, 'after-fit');
    await first.saveCheckpoint(after);

    const remember = new Remember();
    const resumed = new CountingData();
    const second = new Trainer({ ...options(root), maxEpochs: 2, callbacks: [remember] });
    await second.fit(new Mlp(), resumed, undefined, { ckptPath: after });
    expect(remember.loaded).toEqual([{ note: 'kept' }]);
    // served 1 (restored) + 1 for this fit's loader
    expect(resumed.served).toBe(2);
    expect(second.currentEpoch).toBe(2);
    await expect(new Trainer(options(root)).saveCheckpoint(join(root, 'x'))).rejects.toThrow('saveCheckpoint: nothing to save before a fit (call it during or after fit)');
  });
});
