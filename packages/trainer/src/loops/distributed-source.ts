import { BatchSampler, DataLoader, DistributedSampler, RandomSampler, SequentialSampler } from '@flint/core';
import type { BatchSource } from '../module/lightning-data-module.js';
import { UnrepeatedDistributedSampler } from './unrepeated-sampler.js';

/** Where this rank sits among the ranks that share the data. */
export interface RankPlace {
  readonly rank: number;
  readonly worldSize: number;
}

/** The `DistributedSampler` under a core DataLoader, if it has one. */
export function distributedSamplerOf(src: BatchSource): DistributedSampler | null {
  if (!(src instanceof DataLoader)) return null;
  const bs = src.batchSampler;
  return bs instanceof BatchSampler && bs.sampler instanceof DistributedSampler ? bs.sampler : null;
}

/**
 * The length of the dataset `src`'s `DistributedSampler` splits (what metric objects need to
 * drop its padding), or undefined when it has none.
 */
export function distributedDatasetSize(src: BatchSource): number | undefined {
  return distributedSamplerOf(src) ? ((src as DataLoader<unknown, unknown>).dataset as { readonly length: number }).length : undefined;
}

/**
 * Lightning's `use_distributed_sampler`: with more than one rank, a core DataLoader whose
 * indices come from its default sampler (sequential, or random with `shuffle`) is rebuilt
 * over a `DistributedSampler` (shuffling as the loader did, seeded by `seed`), so every rank
 * reads its own shard. For evaluation (`shuffleDefault` false) the shards are unrepeated
 * (`UnrepeatedDistributedSampler`): each sample is evaluated once, so a syncDist epoch mean
 * equals the one-device mean. Loaders that already have a `DistributedSampler`, a custom
 * sampler or batch sampler, and sources that are not core DataLoaders are returned unchanged.
 */
export function distributeSource(src: BatchSource, place: RankPlace, seed: number, shuffleDefault?: boolean): BatchSource {
  if (place.worldSize <= 1 || !(src instanceof DataLoader)) return src;
  const bs = src.batchSampler;
  if (!(bs instanceof BatchSampler)) return src;
  const own = bs.sampler;
  if (!(own instanceof RandomSampler) && !(own instanceof SequentialSampler)) return src;
  const dataset = src.dataset as { readonly length: number };
  if (shuffleDefault === false) return src.withSampler(new UnrepeatedDistributedSampler(dataset.length, place.worldSize, place.rank));
  const shuffle = shuffleDefault ?? own instanceof RandomSampler;
  return src.withSampler(new DistributedSampler(dataset, { numReplicas: place.worldSize, rank: place.rank, shuffle, seed }));
}
