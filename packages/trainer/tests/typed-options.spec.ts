import { describe, expect, it } from 'vitest';
import { randint, randn } from '@flint/core';
import { MisconfigurationError, Trainer, type TrainerOptions } from '../src/index.js';
import { Mlp, type Batch } from './fixtures.js';

const base: TrainerOptions = { accelerator: 'cpu', enableProgressBar: false, enableModelSummary: false, enableCheckpointing: false, logger: false, numSanityValSteps: 0 };
const batches = (n: number): Batch[] => Array.from({ length: n }, () => [randn([4, 8]), randint(0, 3, [4])] as Batch);

/** Batches each stage ran. */
function count(t: Trainer): Record<string, number> {
  const seen: Record<string, number> = {};
  t.events$.subscribe((e) => e.type === 'batchEnd' && (seen[e.stage] = (seen[e.stage] ?? 0) + 1));
  return seen;
}

describe('typed Trainer options', () => {
  it("strategy takes a typed config; a misspelt key does not compile, and fails at run time for JavaScript callers", async () => {
    const t = new Trainer({ ...base, maxSteps: 1, strategy: { name: 'single', device: 'cpu' } });
    await t.fit(new Mlp(), batches(1));
    expect(t.globalStep).toBe(1);
    // The options reach the plugin's factory (here its backend check).
    await expect(new Trainer({ ...base, strategy: { name: 'ddp', backend: 'nccl' as 'tcp' } }).fit(new Mlp(), batches(1))).rejects.toThrow(/unknown process group backend "nccl"/);
    const bad = (): Trainer =>
      new Trainer({
        ...base,
        // @ts-expect-error -- bucketCapMB is not an option of 'ddp' (bucketCapMb is)
        strategy: { name: 'ddp', bucketCapMB: 50 },
      });
    expect(bad).toThrow(MisconfigurationError);
    expect(bad).toThrow("Trainer: strategy 'ddp' has no option 'bucketCapMB'; its options: backend, bucketCapMb, firstBucketCapMb, findUnusedParameters, timeoutMs, launcher");
  });

  it("limit*Batches: an explicit share '50%' or { fraction: 1 }; 1 and counts as before; bad shares refused", async () => {
    const run = async (limit: TrainerOptions['limitTrainBatches']): Promise<number> => {
      const t = new Trainer({ ...base, maxEpochs: 1, limitTrainBatches: limit });
      const seen = count(t);
      await t.fit(new Mlp(), batches(8), null);
      return seen['train'] ?? 0;
    };
    expect(await run('50%')).toBe(4);
    expect(await run({ fraction: 1 })).toBe(8);
    expect(await run('100%')).toBe(8);
    expect(await run({ fraction: 0.25 })).toBe(2);
    expect(await run(1)).toBe(8);
    expect(await run(3)).toBe(3);
    expect(await run(0.5)).toBe(4);
    await expect(run('150%')).rejects.toThrow("limitTrainBatches: '150%' is not a share between 0% and 100%");
    await expect(run({ fraction: 2 })).rejects.toThrow(MisconfigurationError);
  });

  it('maxEpochs: -1 trains without an epoch limit (maxSteps ends it); other negatives are refused', async () => {
    const t = new Trainer({ ...base, maxEpochs: -1, maxSteps: 10 });
    await t.fit(new Mlp(), batches(3), null);
    expect(t.globalStep).toBe(10);
    expect(t.currentEpoch).toBe(3);
    expect(() => new Trainer({ ...base, maxEpochs: -2 })).toThrow(new MisconfigurationError('Trainer: maxEpochs must be -1 (no limit) or a count >= 0, got -2'));
    expect(() => new Trainer({ ...base, maxSteps: -5 })).toThrow('Trainer: maxSteps must be -1 (no limit) or a count >= 0, got -5');
    expect(() => new Trainer({ ...base, maxEpochs: 1.5 })).toThrow(MisconfigurationError);
  });
});
