import { fromValues, type Strategy } from '@flint/core';

/** The strategy's part in checking that every rank has the next batch. */
export type BatchAgreementSync = Pick<Strategy, 'worldSize' | 'allGather'>;

/** Ranks of one run reached the end of their data at different batches. */
export class UnevenBatchesError extends Error {
  constructor(
    readonly finishedRanks: readonly number[],
    readonly continuingRanks: readonly number[],
    readonly batchCount: number,
    readonly epoch: number,
  ) {
    super(
      `training epoch ${epoch}: ranks have different numbers of batches: rank(s) ${finishedRanks.join(', ')} ran out after ${batchCount} ` +
        `batch(es), rank(s) ${continuingRanks.join(', ')} have more (at least ${batchCount + 1}); shard the data evenly ` +
        '(a DistributedSampler, or equal shards of an IterableDataset) or run the ranks under DistributedDataParallel.join',
    );
    this.name = 'UnevenBatchesError';
  }
}

/**
 * Before each training batch, every rank says whether it has one (an all-gather of one int).
 * Ranks that disagree would otherwise wait on each other in the gradient all-reduce until the
 * timeout; instead all of them throw the same `UnevenBatchesError` at once. One rank: a no-op.
 */
export async function agreeOnBatch(hasBatch: boolean, batchIdx: number, epoch: number, strategy: BatchAgreementSync): Promise<void> {
  if (strategy.worldSize <= 1) return;
  const flag = fromValues(new Int32Array([hasBatch ? 1 : 0]), [1], { dtype: 'int32' });
  const all = await strategy.allGather(flag);
  flag.dispose();
  const has = await Promise.all(all.map(async (t) => (await t.data())[0] === 1));
  for (const t of all) t.dispose();
  if (has.every((h) => h === has[0])) return;
  const ranks = (want: boolean): number[] => has.flatMap((h, r) => (h === want ? [r] : []));
  throw new UnevenBatchesError(ranks(false), ranks(true), batchIdx, epoch);
}
